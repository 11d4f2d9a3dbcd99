// id: kin-payee
// severity: high
// tables: payments, company_roles, kinship, people, positions, companies, orgs
// portrait: kin
// title_zh: 单位向公职人员近亲属付款
// title_en: Org pays an official's relative
// flags: an org pays a relative (within the recusal scope) of an official with authority over it (a post at the org or above it; supervising: one severity step lower), or a company where such a relative stands (legal representative, shareholder, director, supervisor, manager, or the beneficial owner or controller through other companies).
// why: public money reaching an official's family is a conflict of interest whatever the purpose written on the voucher.
// summary_zh: {payer}向{post}{official}的{term_zh}{relative}{via_zh}支付{purpose}{amount}（{paid_on}）。
// summary_en: {payer} paid {amount} of {purpose} on {paid_on} to {payee_en}, the {term_en} of {official} ({post}).
// Start from each official's kin (tens per official) and the payments they received,
// rather than from every payment.
MATCH (p:Official)-[k:KIN]->(r:Person)
// Time: the post and the role count only if held on the day of the payment; an empty
// start is "since always", an empty end "still held" (a comparison with a null is null,
// which coalesce turns into true).
CALL (r) {
  MATCH (r)<-[pt:PAID_TO]-(pay:Payment)<-[pd:PAID]-(o:Org)
  RETURN pay, pd, pt, o, r AS payee, null AS role
  UNION
  MATCH (r)-[role:ROLE_IN|BEHIND]->(payee:Company)<-[pt:PAID_TO]-(pay:Payment)<-[pd:PAID]-(o:Org)
  WHERE role.role <> 'employee' AND coalesce(role.start_date <= pay.paid_on, true) AND coalesce(pay.paid_on <= role.end_date, true)
  RETURN pay, pd, pt, o, payee, role
}
// Authority: a post at the payer (own org) or at any org above it through PART_OF
// (supervising, one severity step lower); the own-org post is preferred, then the nearest.
MATCH up = (o)-[:PART_OF*0..]->(seat:Org)<-[post:HOLDS_POST]-(p)
WHERE coalesce(post.start_date <= pay.paid_on, true) AND coalesce(pay.paid_on <= post.end_date, true)
WITH p, k, r, pay, pd, pt, o, payee, role, post, seat, up
ORDER BY length(up)
WITH p, k, r, pay, pd, pt, o, payee, role, collect({post: post, seat: seat, rels: relationships(up)})[0] AS f
WITH p, k, r, pay, pd, pt, o, payee, role, f.post AS post, f.seat AS seat, f.rels AS up
RETURN [p.id, pay.id] + k.relative_records + CASE WHEN payee:Company THEN [payee.id] ELSE [] END AS subjects,
       {payer: o.name, official: p.name, post: CASE WHEN seat = o THEN post.title ELSE seat.name + post.title END,
        authority: CASE WHEN seat = o THEN 'own' ELSE 'supervising' END, seat: seat.name,
        term_zh: k.term_zh, term_en: k.term_en,
        relative: r.name, purpose: coalesce(pay.purpose, '款项'), amount: pay.amount,
        paid_on: toString(pay.paid_on),
        post_since: coalesce(toString(post.start_date), ''), post_until: coalesce(toString(post.end_date), ''),
        role_since: coalesce(toString(role.start_date), ''), role_until: coalesce(toString(role.end_date), ''),
        via_zh: CASE WHEN payee:Company THEN '担任' + CASE role.role WHEN 'legal_rep' THEN '法定代表人' WHEN 'shareholder' THEN '股东'
                WHEN 'beneficial_owner' THEN '最终受益人' WHEN 'controller' THEN '实际控制人' ELSE '高管' END + '的' + payee.name ELSE '' END,
        payee_en: CASE WHEN payee:Company THEN payee.name + ', where ' + r.name + ' stands' ELSE r.name END} AS facts,
       [o, pay, payee, p, r, seat] AS nodes,
       [x IN [pd, pt, k, role] WHERE x IS NOT NULL] + up AS rels

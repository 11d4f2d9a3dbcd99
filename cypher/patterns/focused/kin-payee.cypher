// id: kin-payee
// focus: payment ids. The findings of cypher/patterns/kin-payee.cypher about these payments
// only (same columns): from each payment to its payer org and payee (a person, or a company
// and the people standing in it), then the officials with authority over the payer who are kin of that person.
UNWIND $focus AS focus_id
MATCH (pay:Payment {id: focus_id})
USING INDEX pay:Payment(id)
MATCH (o:Org)-[pd:PAID]->(pay)-[pt:PAID_TO]->(payee)
// Time: the post and the role count only if held on the day of the payment; an empty
// start is "since always", an empty end "still held" (a comparison with a null is null,
// which coalesce turns into true).
CALL (payee, pay) {
  UNWIND [x IN [payee] WHERE x:Person] AS r
  RETURN r, null AS role
  UNION
  MATCH (r:Person)-[role:ROLE_IN|BEHIND]->(payee:Company)
  WHERE role.role <> 'employee' AND coalesce(role.start_date <= pay.paid_on, true) AND coalesce(pay.paid_on <= role.end_date, true)
  RETURN r, role
}
MATCH (p:Official)-[k:KIN]->(r)
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

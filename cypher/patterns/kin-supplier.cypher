// id: kin-supplier
// severity: high
// tables: contracts, company_roles, kinship, people, positions, companies, orgs
// portrait: kin
// title_zh: 中标方与公职人员近亲属有关联
// title_en: Supplier tied to an official's close relative
// flags: a contract whose supplier, or a person standing in the supplier (legal representative, shareholder, director, supervisor, manager), is a relative within the recusal scope of an official who holds a post at the buyer or above it (supervising: one severity step lower) or approved the contract; standing in the supplier includes owning it through other companies (beneficial owner, controller).
// why: the official can steer the award to his family (the seed's second case: the monopoly advertising company whose legal representative was the party secretary's niece); recusal rules forbid it.
// summary_zh: {official}（{post}）的{term_zh}{relative}{stands_zh}；{buyer}将《{contract}》（{amount}，{awarded_on}）授予{supplier}。
// summary_en: {relative}, the {term_en} of {official} ({post}), {stands_en}; {buyer} awarded "{contract}" ({amount}, {awarded_on}) to {supplier}.
MATCH (p:Official)-[k:KIN]->(r:Person)
CALL (r) {
  // Ownership: a role in the supplier itself, or a holding through companies (BEHIND,
  // derived by the scan: see docs/patterns/time-authority-ownership.md).
  MATCH (r)-[role:ROLE_IN|BEHIND]->(s:Company)
  WHERE role.role <> 'employee'
  MATCH (c:Contract)-[aw:AWARDED_TO]->(s)
  // Time: the role is held on the contract's date (see the time rule below).
  WHERE coalesce(role.start_date <= coalesce(c.awarded_on, c.published_on), true) AND coalesce(coalesce(c.awarded_on, c.published_on) <= role.end_date, true)
  RETURN s, role, c, aw
  UNION
  MATCH (c:Contract)-[aw:AWARDED_TO]->(r)
  RETURN r AS s, null AS role, c, aw
}
MATCH (c)-[ab:AWARDED_BY]->(buyer:Org)
// Time: a post or role counts only if held on the contract's date, its award date or,
// without one, its publication date; an empty start is "since always", an empty end
// "still held", and a contract with neither date keeps every post and role (each
// comparison with a null is null, which coalesce turns into true).
// Authority: a post at the buyer (own org) or at any org above it through PART_OF
// (supervising, one severity step lower).
OPTIONAL MATCH up = (buyer)-[:PART_OF*0..]->(seat:Org)<-[post:HOLDS_POST]-(p)
  WHERE coalesce(post.start_date <= coalesce(c.awarded_on, c.published_on), true) AND coalesce(coalesce(c.awarded_on, c.published_on) <= post.end_date, true)
OPTIONAL MATCH (c)-[appr:APPROVED_BY]->(p)
WITH p, k, r, s, role, c, aw, ab, buyer, post, seat, up, appr
WHERE post IS NOT NULL OR appr IS NOT NULL
// One finding per official, relative and contract, whatever the number of roles and posts.
WITH p, k, r, s, c, buyer, collect(DISTINCT role) AS roles,
     collect(DISTINCT CASE WHEN seat = buyer THEN post END) AS own_posts,
     collect(DISTINCT CASE WHEN seat <> buyer THEN {post: post, seat: seat, rels: relationships(up)} END) AS above,
     collect(DISTINCT appr) AS approvals, collect(DISTINCT aw) AS awards, collect(DISTINCT ab) AS buys
WITH p, k, r, s, c, buyer, roles, approvals, awards, buys, above,
     own_posts + [x IN above | x.post] AS posts,
     CASE WHEN size(own_posts) > 0 THEN buyer ELSE coalesce(above[0].seat, buyer) END AS seat,
     CASE WHEN size(own_posts) > 0 OR size(approvals) > 0 THEN 'own' ELSE 'supervising' END AS authority
RETURN [p.id, c.id] + k.relative_records + CASE WHEN s:Company THEN [s.id] ELSE [] END AS subjects,
       {official: p.name, post: CASE WHEN size(posts) > 0 THEN seat.name + posts[0].title ELSE '审批人' END, buyer: buyer.name,
        authority: authority, seat: seat.name,
        term_zh: k.term_zh, term_en: k.term_en, relative: r.name, supplier: s.name,
        stands_zh: CASE WHEN size(roles) = 0 THEN '本人即中标人' ELSE '是中标方' + s.name + '的' +
                 reduce(t = '', x IN roles | t + CASE WHEN t = '' THEN '' ELSE '、' END +
                   CASE x.role WHEN 'legal_rep' THEN '法定代表人' WHEN 'shareholder' THEN '股东'
                   WHEN 'director' THEN '董事' WHEN 'supervisor' THEN '监事'
                   WHEN 'beneficial_owner' THEN '最终受益人（' + x.chain_zh + '）'
                   WHEN 'controller' THEN '实际控制人（' + x.chain_zh + '）' ELSE '经理' END) END,
        stands_en: CASE WHEN size(roles) = 0 THEN 'is the supplier in person' ELSE 'is ' +
                 reduce(t = '', x IN roles | t + CASE WHEN t = '' THEN '' ELSE ' and ' END + replace(x.role, '_', ' ') +
                   CASE WHEN x.chain_en IS NULL THEN '' ELSE ' (' + x.chain_en + ')' END) + ' of the supplier ' + s.name END,
        contract: c.title, amount: c.amount, awarded_on: toString(c.awarded_on),
        post_since: coalesce(toString(posts[0].start_date), ''), post_until: coalesce(toString(posts[0].end_date), ''),
        role_since: coalesce(toString(roles[0].start_date), ''), role_until: coalesce(toString(roles[0].end_date), '')} AS facts,
       [p, r, s, c, buyer] + [x IN above | x.seat] AS nodes,
       [k] + roles + posts + approvals + awards + buys + reduce(t = [], x IN above | t + x.rels) AS rels

// id: self-dealing
// severity: high
// tables: contracts, company_roles, kinship, people, positions, companies, orgs
// portrait: kin
// title_zh: 公职人员本人在中标方任职或持股
// title_en: Official stands in the supplier himself
// flags: an official stands himself (on any of his records) as legal representative, shareholder, director, supervisor or manager in the supplier of a contract of an org where he holds a post or of an org below it (supervising: one severity step lower), directly or as the beneficial owner or controller behind it through other companies.
// why: the official is on both sides of the contract; this is the plainest conflict of interest.
// summary_zh: {seat}{post}{official}本人是中标方{supplier}的{role_zh}；{buyer}将《{contract}》（{amount}，{awarded_on}）授予该公司。
// summary_en: {official} ({post}, {seat}) is himself {role_en} of the supplier {supplier}, which {buyer} awarded "{contract}" ({amount}, {awarded_on}).
// Time: the post and the role count only if held on the contract's date, its award date
// or, without one, its publication date; an empty start is "since always", an empty end
// "still held", and a contract with neither date keeps them (a comparison with a null is
// null, which coalesce turns into true).
// Start from what officials (on any of their records) stand in: few people, few roles.
MATCH (p:Official)-[same:SAME_AS*0..2]-(me:Person)-[role:ROLE_IN|BEHIND]->(s:Company)
WHERE role.role <> 'employee'
MATCH (s)<-[aw:AWARDED_TO]-(c:Contract)-[ab:AWARDED_BY]->(buyer:Org)
WHERE coalesce(role.start_date <= coalesce(c.awarded_on, c.published_on), true) AND coalesce(coalesce(c.awarded_on, c.published_on) <= role.end_date, true)
// Authority: a post at the buyer (own org) or at any org above it through PART_OF
// (supervising, one severity step lower); the own-org post is preferred, then the nearest.
MATCH up = (buyer)-[:PART_OF*0..]->(seat:Org)<-[post:HOLDS_POST]-(p)
WHERE coalesce(post.start_date <= coalesce(c.awarded_on, c.published_on), true) AND coalesce(coalesce(c.awarded_on, c.published_on) <= post.end_date, true)
WITH p, me, s, c, buyer, role, same, aw, ab, post, seat, up
ORDER BY length(up)
// One finding per official, supplier and contract.
WITH p, s, c, buyer, aw, ab, collect({me: me, role: role, same: same, post: post, seat: seat, rels: relationships(up)})[0] AS f
WITH p, s, c, buyer, aw, ab, f.me AS me, f.role AS role, f.same AS same, f.post AS post, f.seat AS seat, f.rels AS up
RETURN [p.id, s.id, c.id] AS subjects,
       {official: p.name, post: post.title, buyer: buyer.name, supplier: s.name,
        authority: CASE WHEN seat = buyer THEN 'own' ELSE 'supervising' END, seat: seat.name,
        role_zh: CASE role.role WHEN 'legal_rep' THEN '法定代表人' WHEN 'shareholder' THEN '股东'
                 WHEN 'director' THEN '董事' WHEN 'supervisor' THEN '监事'
                 WHEN 'beneficial_owner' THEN '最终受益人（' + role.chain_zh + '）'
                 WHEN 'controller' THEN '实际控制人（' + role.chain_zh + '）' ELSE '经理' END,
        role_en: replace(role.role, '_', ' ') + CASE WHEN role.chain_en IS NULL THEN '' ELSE ' (' + role.chain_en + ')' END,
        contract: c.title, amount: c.amount, awarded_on: toString(c.awarded_on),
        post_since: coalesce(toString(post.start_date), ''), post_until: coalesce(toString(post.end_date), ''),
        role_since: coalesce(toString(role.start_date), ''), role_until: coalesce(toString(role.end_date), '')} AS facts,
       [p, me, s, c, buyer, seat] + [x IN same | startNode(x)] + [x IN same | endNode(x)] AS nodes,
       [ab, aw, role] + up + same AS rels

// id: self-dealing
// severity: high
// tables: contracts, company_roles, kinship, people, positions, companies
// portrait: kin
// title_zh: 公职人员本人在中标方任职或持股
// title_en: Official stands in the supplier himself
// flags: an official stands himself (on any of his records) as legal representative, shareholder, director, supervisor or manager in the supplier of a contract of an org where he holds a post.
// why: the official is on both sides of the contract; this is the plainest conflict of interest.
// summary_zh: {buyer}{post}{official}本人是中标方{supplier}的{role_zh}；{buyer}将《{contract}》（{amount}，{awarded_on}）授予该公司。
// summary_en: {official} ({post}, {buyer}) is himself {role_en} of the supplier {supplier}, which {buyer} awarded "{contract}" ({amount}, {awarded_on}).
// Time: the post and the role count only if held on the contract's date, its award date
// or, without one, its publication date; an empty start is "since always", an empty end
// "still held", and a contract with neither date keeps them (a comparison with a null is
// null, which coalesce turns into true).
MATCH (p:Official)-[post:HOLDS_POST]->(buyer:Org)<-[ab:AWARDED_BY]-(c:Contract)-[aw:AWARDED_TO]->(s:Company)
WHERE coalesce(post.start_date <= coalesce(c.awarded_on, c.published_on), true) AND coalesce(coalesce(c.awarded_on, c.published_on) <= post.end_date, true)
MATCH (p)-[same:SAME_AS*0..2]-(me:Person)-[role:ROLE_IN]->(s)
WHERE role.role <> 'employee' AND coalesce(role.start_date <= coalesce(c.awarded_on, c.published_on), true) AND coalesce(coalesce(c.awarded_on, c.published_on) <= role.end_date, true)
RETURN [p.id, s.id, c.id] AS subjects,
       {official: p.name, post: post.title, buyer: buyer.name, supplier: s.name,
        role_zh: CASE role.role WHEN 'legal_rep' THEN '法定代表人' WHEN 'shareholder' THEN '股东'
                 WHEN 'director' THEN '董事' WHEN 'supervisor' THEN '监事' ELSE '经理' END,
        role_en: replace(role.role, '_', ' '),
        contract: c.title, amount: c.amount, awarded_on: toString(c.awarded_on),
        post_since: coalesce(toString(post.start_date), ''), post_until: coalesce(toString(post.end_date), ''),
        role_since: coalesce(toString(role.start_date), ''), role_until: coalesce(toString(role.end_date), '')} AS facts,
       [p, me, s, c, buyer] + [x IN same | startNode(x)] + [x IN same | endNode(x)] AS nodes,
       [post, ab, aw, role] + same AS rels

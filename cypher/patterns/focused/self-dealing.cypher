// id: self-dealing
// focus: contract ids. The findings of cypher/patterns/self-dealing.cypher about these
// contracts only (same columns).
UNWIND $focus AS focus_id
MATCH (c:Contract {id: focus_id})
USING INDEX c:Contract(id)
// Time: the post and the role count only if held on the contract's date, its award date
// or, without one, its publication date; an empty start is "since always", an empty end
// "still held", and a contract with neither date keeps them (a comparison with a null is
// null, which coalesce turns into true).
MATCH (p:Official)-[post:HOLDS_POST]->(buyer:Org)<-[ab:AWARDED_BY]-(c)-[aw:AWARDED_TO]->(s:Company)
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

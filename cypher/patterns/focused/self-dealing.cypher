// id: self-dealing
// focus: contract ids. The findings of cypher/patterns/self-dealing.cypher about these
// contracts only (same columns).
UNWIND $focus AS focus_id
MATCH (c:Contract {id: focus_id})
USING INDEX c:Contract(id)
MATCH (p:Official)-[post:HOLDS_POST]->(buyer:Org)<-[ab:AWARDED_BY]-(c)-[aw:AWARDED_TO]->(s:Company)
MATCH (p)-[same:SAME_AS*0..2]-(me:Person)-[role:ROLE_IN]->(s)
WHERE role.role <> 'employee'
RETURN [p.id, s.id, c.id] AS subjects,
       {official: p.name, post: post.title, buyer: buyer.name, supplier: s.name,
        role_zh: CASE role.role WHEN 'legal_rep' THEN '法定代表人' WHEN 'shareholder' THEN '股东'
                 WHEN 'director' THEN '董事' WHEN 'supervisor' THEN '监事' ELSE '经理' END,
        role_en: replace(role.role, '_', ' '),
        contract: c.title, amount: c.amount, awarded_on: toString(c.awarded_on)} AS facts,
       [p, me, s, c, buyer] + [x IN same | startNode(x)] + [x IN same | endNode(x)] AS nodes,
       [post, ab, aw, role] + same AS rels

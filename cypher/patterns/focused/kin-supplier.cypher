// id: kin-supplier
// focus: contract ids. The findings of cypher/patterns/kin-supplier.cypher about these
// contracts only (same columns): from each contract to its supplier (a person, or a company
// and the people standing in it), then the officials who are kin of that person.
UNWIND $focus AS focus_id
MATCH (c:Contract {id: focus_id})
USING INDEX c:Contract(id)
MATCH (c)-[aw:AWARDED_TO]->(s)
CALL (s, c) {
  MATCH (r:Person)-[role:ROLE_IN]->(s:Company)
  WHERE role.role <> 'employee'
    // Time: the role is held on the contract's date (see the time rule below).
    AND coalesce(role.start_date <= coalesce(c.awarded_on, c.published_on), true) AND coalesce(coalesce(c.awarded_on, c.published_on) <= role.end_date, true)
  RETURN r, role
  UNION
  UNWIND [x IN [s] WHERE x:Person] AS r
  RETURN r, null AS role
}
MATCH (p:Official)-[k:KIN]->(r)
MATCH (c)-[ab:AWARDED_BY]->(buyer:Org)
// Time: a post or role counts only if held on the contract's date, its award date or,
// without one, its publication date; an empty start is "since always", an empty end
// "still held", and a contract with neither date keeps every post and role (each
// comparison with a null is null, which coalesce turns into true).
OPTIONAL MATCH (p)-[post:HOLDS_POST]->(buyer)
  WHERE coalesce(post.start_date <= coalesce(c.awarded_on, c.published_on), true) AND coalesce(coalesce(c.awarded_on, c.published_on) <= post.end_date, true)
OPTIONAL MATCH (c)-[appr:APPROVED_BY]->(p)
WITH p, k, r, s, role, c, aw, ab, buyer, post, appr
WHERE post IS NOT NULL OR appr IS NOT NULL
// One finding per official, relative and contract, whatever the number of roles and posts.
WITH p, k, r, s, c, buyer, collect(DISTINCT role) AS roles, collect(DISTINCT post) AS posts,
     collect(DISTINCT appr) AS approvals, collect(DISTINCT aw) AS awards, collect(DISTINCT ab) AS buys
RETURN [p.id, c.id] + k.relative_records + CASE WHEN s:Company THEN [s.id] ELSE [] END AS subjects,
       {official: p.name, post: CASE WHEN size(posts) > 0 THEN buyer.name + posts[0].title ELSE '审批人' END, buyer: buyer.name,
        term_zh: k.term_zh, term_en: k.term_en, relative: r.name, supplier: s.name,
        stands_zh: CASE WHEN size(roles) = 0 THEN '本人即中标人' ELSE '是中标方' + s.name + '的' +
                 reduce(t = '', x IN roles | t + CASE WHEN t = '' THEN '' ELSE '、' END +
                   CASE x.role WHEN 'legal_rep' THEN '法定代表人' WHEN 'shareholder' THEN '股东'
                   WHEN 'director' THEN '董事' WHEN 'supervisor' THEN '监事' ELSE '经理' END) END,
        stands_en: CASE WHEN size(roles) = 0 THEN 'is the supplier in person' ELSE 'is ' +
                 reduce(t = '', x IN roles | t + CASE WHEN t = '' THEN '' ELSE ' and ' END + replace(x.role, '_', ' ')) + ' of the supplier ' + s.name END,
        contract: c.title, amount: c.amount, awarded_on: toString(c.awarded_on),
        post_since: coalesce(toString(posts[0].start_date), ''), post_until: coalesce(toString(posts[0].end_date), ''),
        role_since: coalesce(toString(roles[0].start_date), ''), role_until: coalesce(toString(roles[0].end_date), '')} AS facts,
       [p, r, s, c, buyer] AS nodes,
       [k] + roles + posts + approvals + awards + buys AS rels

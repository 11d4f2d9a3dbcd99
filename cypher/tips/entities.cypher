// Tips inbox: what tells the entities a tip names apart (src/tips/open.rs): kind, name,
// birth year, the posts a person holds (org and title), the org above an org and the
// people holding posts at it, a company's address.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, coalesce(n.name, n.id) AS name,
       CASE WHEN n:Person THEN 'Person' WHEN n:Company THEN 'Company' WHEN n:Org THEN 'Org'
            ELSE 'Other' END AS kind,
       CASE WHEN n.birth_date IS NULL THEN null ELSE n.birth_date.year END AS birth_year,
       [(n)-[p:HOLDS_POST]->(o:Org) | {org_id: o.id, org: coalesce(o.name, o.id),
          title: coalesce(p.title, '')}] AS posts,
       [(n)-[:PART_OF]->(up:Org) | coalesce(up.name, up.id)][0] AS parent,
       [(p:Person)-[:HOLDS_POST]->(n) | p.id] AS officials,
       n.address AS address

// Tips inbox: every named person, company and org, read once to build the name automaton
// (src/tips/matcher.rs normalises the names and derives companies' short names).
MATCH (n:Person|Company|Org)
WHERE n.name IS NOT NULL
RETURN n.id AS id, n.name AS name,
       CASE WHEN n:Person THEN 'Person' WHEN n:Company THEN 'Company' ELSE 'Org' END AS kind

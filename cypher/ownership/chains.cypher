// The shareholdings that can form a chain of ownership: every shareholder role held by a
// company in a company, and every legal representative or shareholder role in a company that
// is itself a shareholder of a company (the first link of a chain). Employees never count.
MATCH (a:Company)-[r:ROLE_IN]->(b:Company)
WHERE r.role = 'shareholder'
RETURN a.id AS holder, a.name AS holder_name, true AS holder_is_company, b.id AS company, b.name AS company_name,
       r.role AS role, r.share_pct AS share,
       toString(r.start_date) AS start_date, toString(r.end_date) AS end_date
UNION
MATCH (a:Company)-[own:ROLE_IN]->(:Company)
WHERE own.role = 'shareholder'
WITH DISTINCT a
MATCH (h:Entity)-[r:ROLE_IN]->(a)
WHERE r.role IN ['shareholder', 'legal_rep'] AND NOT h:Company
RETURN h.id AS holder, h.name AS holder_name, false AS holder_is_company, a.id AS company, a.name AS company_name,
       r.role AS role, r.share_pct AS share,
       toString(r.start_date) AS start_date, toString(r.end_date) AS end_date

// Who controls a company directly, for supplier groups: its legal representative and its
// shareholders holding more than half of it (people or companies).
MATCH (h:Entity)-[r:ROLE_IN]->(c:Company)
WHERE r.role = 'legal_rep' OR (r.role = 'shareholder' AND r.share_pct > 50)
RETURN h.id AS holder, h:Company AS holder_is_company, c.id AS company

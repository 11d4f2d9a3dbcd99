// `guanxi db reset` (without --all), relationships first, a bounded batch at a time: every
// relationship except those of what reset keeps (API tokens and the audit log).
MATCH (a)-[r]->(b)
WHERE NOT (a:ApiToken OR a:AuditBatch OR a:AuditHead OR a:AuditEntry
           OR b:ApiToken OR b:AuditBatch OR b:AuditHead OR b:AuditEntry)
WITH r LIMIT 20000
DELETE r
RETURN count(*) AS deleted

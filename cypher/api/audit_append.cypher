// Append audit entries (who read or changed what). Never updated, never deleted by guanxi.
UNWIND $entries AS e
CREATE (:AuditEntry {at: e.at, token: e.token, role: e.role, method: e.method, route: e.route,
                     path: e.path, entity_ids: e.entity_ids, status: e.status})

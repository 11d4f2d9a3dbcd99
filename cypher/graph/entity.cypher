// One entity's page for `GET /api/entities/{id}`: its properties, identity links, posts,
// company roles (both directions), derived kin (both directions), primitive family ties and
// the alerts concerning it.
MATCH (n:Entity {id: $id})
RETURN n.id AS id, labels(n) AS labels, coalesce(n.name, n.title, n.purpose, n.id) AS name,
       properties(n) AS props,
       COLLECT { MATCH (n)-[r:SAME_AS]-(o:Entity)
                 RETURN {id: o.id, name: o.name, basis: r.basis} } AS same_as,
       COLLECT { MATCH (n)-[r:POSSIBLY_SAME_AS]-(o:Entity)
                 RETURN {id: o.id, name: o.name, score: r.score, reason: r.reason,
                         status: r.status} } AS possibly_same_as,
       COLLECT { MATCH (n)-[r:HOLDS_POST]->(o:Org)
                 RETURN {person_id: n.id, person_name: n.name, org_id: o.id, org_name: o.name,
                         title: r.title, start_date: r.start_date, end_date: r.end_date} }
       + COLLECT { MATCH (p:Person)-[r:HOLDS_POST]->(n)
                   RETURN {person_id: p.id, person_name: p.name, org_id: n.id, org_name: n.name,
                           title: r.title, start_date: r.start_date, end_date: r.end_date} }
         AS positions,
       COLLECT { MATCH (n)-[r:ROLE_IN]->(c:Entity)
                 RETURN {direction: 'in', id: c.id, name: c.name, labels: labels(c), role: r.role,
                         share_pct: r.share_pct, start_date: r.start_date, end_date: r.end_date} }
       + COLLECT { MATCH (p:Entity)-[r:ROLE_IN]->(n)
                   RETURN {direction: 'of', id: p.id, name: p.name, labels: labels(p), role: r.role,
                           share_pct: r.share_pct, start_date: r.start_date, end_date: r.end_date} }
         AS roles,
       COLLECT { MATCH (n)-[r:KIN]->(o:Person)
                 RETURN {direction: 'relative', id: o.id, name: o.name, term_zh: r.term_zh,
                         term_en: r.term_en, chain: r.chain, path: r.path} }
       + COLLECT { MATCH (o:Person)-[r:KIN]->(n)
                   RETURN {direction: 'official', id: o.id, name: o.name, term_zh: r.term_zh,
                           term_en: r.term_en, chain: r.chain, path: r.path} }
         AS kin,
       COLLECT { MATCH (n)-[r:PARENT_OF|SPOUSE_OF|SIBLING_OF]-(o:Person)
                 RETURN {type: type(r), outgoing: startNode(r) = n, id: o.id, name: o.name,
                         gender: coalesce(o.gender, o.gender_from_kinship), older_id: r.older_id,
                         source_file: r.source_file, source_line: r.source_line} } AS ties,
       COLLECT { MATCH (a:Alert)-[:CONCERNS]->(n)
                 RETURN {id: a.id, pattern: a.pattern, severity: a.severity, status: a.status,
                         summary_zh: a.summary_zh, summary_en: a.summary_en} } AS alerts

// Derived kinship not stored before (no KIN between the two records, as the scan read them
// under its lock): created without MERGE's look for an existing relationship. Same
// properties as write.cypher.
UNWIND $kin AS k
MATCH (a:Person {id: k.official})
MATCH (b:Person {id: k.relative})
CREATE (a)-[r:KIN]->(b)
SET r.chain = k.chain, r.path = k.path, r.relative_records = k.relative_records, r.term_zh = k.term_zh, r.term_en = k.term_en,
    r.sig = k.sig, r.derived_by = $scan

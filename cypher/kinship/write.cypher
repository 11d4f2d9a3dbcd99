// Derived kinship within the recusal scope: (official)-[:KIN]->(relative), one per record
// of the relative. `chain` is the canonical chain (U parent, D child, S spouse, B sibling),
// `path` the person records along it (ties and identity links), `term_zh`/`term_en` the
// relation's name. Only new or changed relations are written; `derived_by` names the scan.
UNWIND $kin AS k
MATCH (a:Person {id: k.official})
MATCH (b:Person {id: k.relative})
MERGE (a)-[r:KIN]->(b)
SET r.chain = k.chain, r.path = k.path, r.relative_records = k.relative_records, r.term_zh = k.term_zh, r.term_en = k.term_en,
    r.sig = k.sig, r.derived_by = $scan

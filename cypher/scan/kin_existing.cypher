// The kinship derived by earlier scans, to write only what changed.
MATCH (a:Person)-[k:KIN]->(b:Person)
RETURN a.id AS official, b.id AS relative, k.chain AS chain, k.term_zh AS term_zh,
       k.term_en AS term_en, k.path AS path, k.relative_records AS relative_records

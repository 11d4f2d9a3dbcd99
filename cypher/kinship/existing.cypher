// The kinship derived by earlier scans, to write only what changed: each relation's pair and
// the signature of what it says (see `Kin::signature`).
MATCH (a:Person)-[k:KIN]->(b:Person)
RETURN a.id AS official, b.id AS relative, k.sig AS sig

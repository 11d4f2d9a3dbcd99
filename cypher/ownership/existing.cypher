// Holdings through companies derived by earlier scans, with the signature of what each says.
MATCH (h:Entity)-[b:BEHIND]->(s:Company)
RETURN h.id AS holder, s.id AS company, b.sig AS sig

// Which of the given ids name an org (a token's scope must name orgs).
UNWIND $ids AS id
MATCH (o:Org {id: id})
RETURN o.id AS id

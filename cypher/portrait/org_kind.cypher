// The kind of one org (its portrait is scored against the orgs of that kind).
MATCH (o:Org {id: $id})
RETURN o.kind AS kind

// Whether an id is a retracted entity, and by which retraction. Parameter: $id.
MATCH (n:Retracted {id: $id})
RETURN n.retraction AS retraction

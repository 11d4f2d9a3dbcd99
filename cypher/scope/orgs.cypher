// Region scope: every org id, in order (the whole pass derives the rule a batch of orgs at
// a time).
MATCH (o:Org)
RETURN o.id AS id
ORDER BY id

// Which of $ids exist in the graph, and as what kind. The loader uses it to check references
// to entities loaded earlier and ids that a previous load gave another kind.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN id, [label IN labels(n) WHERE label IN ['Person', 'Org', 'Company', 'Contract', 'Payment', 'Tip']] AS kinds

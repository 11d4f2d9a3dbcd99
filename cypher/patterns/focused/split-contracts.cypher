// id: split-contracts
// focus: contract ids. The findings of cypher/patterns/split-contracts.cypher for the buyer,
// supplier (or supplier group) and category of these contracts (same columns): all the small contracts of each
// such triple, grouped as the whole pattern groups them.
UNWIND $focus AS focus_id
MATCH (c0:Contract {id: focus_id})
USING INDEX c0:Contract(id)
WHERE c0.category IS NOT NULL
MATCH (buyer:Org)<-[:AWARDED_BY]-(c0)-[:AWARDED_TO]->(s0)
// Supplier groups: companies one holder controls are one supplier (`supplier_group`).
WITH DISTINCT buyer, coalesce(s0.supplier_group, s0.id) AS supplier, c0.category AS category0
MATCH (buyer)<-[:AWARDED_BY]-(c:Contract)-[:AWARDED_TO]->(s)
WHERE c.category = category0 AND coalesce(s.supplier_group, s.id) = supplier
  AND c.amount < $threshold AND c.awarded_on IS NOT NULL AND c.category IS NOT NULL
WITH buyer, supplier, c.category AS category, c ORDER BY c.awarded_on
WITH buyer, supplier, category, collect(c) AS small
WHERE size(small) >= 2
UNWIND range(0, size(small) - 1) AS i
WITH buyer, supplier, category, small, i,
     [x IN small WHERE x.awarded_on >= small[i].awarded_on
                   AND x.awarded_on <= small[i].awarded_on + duration({days: $window_days})] AS grp
WHERE size(grp) >= 2 AND reduce(t = 0.0, x IN grp | t + x.amount) > $threshold
  AND NOT any(j IN range(0, i - 1) WHERE small[j].awarded_on >= small[i].awarded_on - duration({days: $window_days})
              AND small[j].awarded_on + duration({days: $window_days}) >= grp[size(grp) - 1].awarded_on)
UNWIND grp AS c
MATCH (c)-[ab:AWARDED_BY]->(buyer)
MATCH (c)-[aw:AWARDED_TO]->(s)
WITH buyer, category, grp, collect(DISTINCT s) AS suppliers, collect(ab) + collect(aw) AS rels
RETURN [buyer.id] + [x IN suppliers | x.id] + [x IN grp | x.id] AS subjects,
       {buyer: buyer.name, supplier: reduce(t = '', x IN suppliers | t + CASE WHEN t = '' THEN '' ELSE '、' END + x.name), suppliers: size(suppliers), category: category, count: size(grp),
        threshold: $threshold, total: reduce(t = 0.0, x IN grp | t + x.amount),
        first: toString(grp[0].awarded_on), last: toString(grp[size(grp) - 1].awarded_on)} AS facts,
       [buyer] + suppliers + grp AS nodes,
       rels

// id: split-contracts
// focus: contract ids. The findings of cypher/patterns/split-contracts.cypher for the buyer,
// supplier and category of these contracts (same columns): all the small contracts of each
// such triple, grouped as the whole pattern groups them.
UNWIND $focus AS focus_id
MATCH (c0:Contract {id: focus_id})
USING INDEX c0:Contract(id)
WHERE c0.category IS NOT NULL
MATCH (buyer:Org)<-[:AWARDED_BY]-(c0)-[:AWARDED_TO]->(s)
WITH DISTINCT buyer, s, c0.category AS category0
MATCH (buyer)<-[:AWARDED_BY]-(c:Contract)-[:AWARDED_TO]->(s)
WHERE c.category = category0
  AND c.amount < $threshold AND c.awarded_on IS NOT NULL AND c.category IS NOT NULL
WITH buyer, s, c.category AS category, c ORDER BY c.awarded_on
WITH buyer, s, category, collect(c) AS small
WHERE size(small) >= 2
UNWIND range(0, size(small) - 1) AS i
WITH buyer, s, category, small, i,
     [x IN small WHERE x.awarded_on >= small[i].awarded_on
                   AND x.awarded_on <= small[i].awarded_on + duration({days: $window_days})] AS grp
WHERE size(grp) >= 2 AND reduce(t = 0.0, x IN grp | t + x.amount) > $threshold
  AND NOT any(j IN range(0, i - 1) WHERE small[j].awarded_on >= small[i].awarded_on - duration({days: $window_days})
              AND small[j].awarded_on + duration({days: $window_days}) >= grp[size(grp) - 1].awarded_on)
UNWIND grp AS c
MATCH (c)-[ab:AWARDED_BY]->(buyer)
MATCH (c)-[aw:AWARDED_TO]->(s)
WITH buyer, s, category, grp, collect(ab) + collect(aw) AS rels
RETURN [buyer.id, s.id] + [x IN grp | x.id] AS subjects,
       {buyer: buyer.name, supplier: s.name, category: category, count: size(grp),
        threshold: $threshold, total: reduce(t = 0.0, x IN grp | t + x.amount),
        first: toString(grp[0].awarded_on), last: toString(grp[size(grp) - 1].awarded_on)} AS facts,
       [buyer, s] + grp AS nodes,
       rels

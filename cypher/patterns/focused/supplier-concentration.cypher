// id: supplier-concentration
// focus: contract ids. The findings of cypher/patterns/supplier-concentration.cypher for the
// buyer and category of these contracts (same columns): each with all its contracts.
UNWIND $focus AS focus_id
MATCH (c0:Contract {id: focus_id})
USING INDEX c0:Contract(id)
WHERE c0.category IS NOT NULL
MATCH (buyer:Org)<-[:AWARDED_BY]-(c0)
WITH DISTINCT buyer, c0.category AS category0
MATCH (buyer)<-[:AWARDED_BY]-(c:Contract)
WHERE c.category = category0 AND c.awarded_on IS NOT NULL
WITH buyer, c.category AS category, collect(c) AS contracts, max(c.awarded_on) AS latest
WITH buyer, category, latest,
     [x IN contracts WHERE x.awarded_on >= latest - duration({years: $window_years})] AS window
WHERE size(window) >= $min_contracts
WITH buyer, category, latest, window, reduce(t = 0.0, x IN window | t + x.amount) AS total
UNWIND window AS c
MATCH (c)-[aw:AWARDED_TO]->(s)
// Supplier groups: companies one holder controls are one supplier (`supplier_group`, which
// the scan derives: see docs/patterns/time-authority-ownership.md).
WITH buyer, category, latest, window, total, coalesce(s.supplier_group, s.id) AS supplier,
     collect(DISTINCT s) AS suppliers, collect(c) AS won, collect(aw) AS awards, sum(c.amount) AS won_amount
WHERE toFloat(size(won)) / size(window) >= $min_share OR (total > 0 AND won_amount / total >= $min_share)
RETURN [buyer.id] + [x IN suppliers | x.id] AS subjects,
       {buyer: buyer.name, supplier: reduce(t = '', x IN suppliers | t + CASE WHEN t = '' THEN '' ELSE '、' END + x.name), suppliers: size(suppliers), category: category, window_years: $window_years,
        total_count: size(window), total_amount: total, won_count: size(won),
        won_amount: won_amount, latest: toString(latest)} AS facts,
       [buyer] + suppliers + won AS nodes,
       awards AS rels

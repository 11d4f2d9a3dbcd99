// id: supplier-concentration
// severity: medium
// tables: contracts
// portrait: concentration
// title_zh: 同类合同过度集中于同一供应商
// title_en: One supplier wins most of a buyer's contracts in a category
// flags: one supplier (or one supplier group: companies one holder controls, or one controls the other) wins at least min_share of one buyer's contracts in one category, by count or by amount, with at least min_contracts contracts in that category, over the window_years ending at the buyer's latest award in the category.
// why: a supplier that wins nearly everything a village buys of one kind is the monopoly of the seed's second case; it is worth asking why competitors never win.
// param: min_share = 0.6
// param: min_contracts = 3
// param: window_years = 3
// summary_zh: {buyer}近{window_years}年{category}类合同{total_count}份（{total_amount}），其中{won_count}份（{won_amount}）由{supplier}中标。
// summary_en: {supplier} won {won_count} of {buyer}'s {total_count} {category} contracts ({won_amount} of {total_amount}) in the {window_years} years to {latest}.
MATCH (buyer:Org)<-[:AWARDED_BY]-(c:Contract)
WHERE c.category IS NOT NULL AND c.awarded_on IS NOT NULL
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

// id: split-contracts
// severity: medium
// tables: contracts
// portrait: fairness
// title_zh: 化整为零规避招标
// title_en: Contracts split to stay below the open-tender threshold
// flags: two or more contracts from one buyer to one supplier (or to companies of one supplier group: one holder controls each, or one controls the other) in one category, awarded within window_days of each other, each below the open-tender threshold and together above it.
// why: splitting one job into pieces below the threshold avoids an open tender and its competition.
// param: threshold = 100000
// param: window_days = 60
// summary_zh: {buyer}在{first}至{last}间向{supplier}授予{count}份{category}类合同，每份低于{threshold}，合计{total}。
// summary_en: {buyer} awarded {supplier} {count} {category} contracts between {first} and {last}, each below {threshold}, {total} in all.
MATCH (buyer:Org)<-[:AWARDED_BY]-(c:Contract)-[:AWARDED_TO]->(s)
WHERE c.amount < $threshold AND c.awarded_on IS NOT NULL AND c.category IS NOT NULL
// Supplier groups: companies one holder controls are one supplier (`supplier_group`, which
// the scan derives: see docs/patterns/time-authority-ownership.md).
WITH buyer, coalesce(s.supplier_group, s.id) AS supplier, c.category AS category, c ORDER BY c.awarded_on
WITH buyer, supplier, category, collect(c) AS small
WHERE size(small) >= 2
// Groups: each contract starts a window of window_days; keep the windows whose sum passes the
// threshold and that no earlier window already covers.
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

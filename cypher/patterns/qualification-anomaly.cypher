// id: qualification-anomaly
// severity: medium
// title_zh: 资质要求明显高于同类项目
// title_en: Tender demands a stricter qualification than comparable tenders
// flags: a contract that demands a stricter qualification grade than most comparable contracts demand; comparable means the same category, an amount within a factor of max_ratio, and at least min_peers of them.
// why: an inflated qualification demand shuts out local bidders and hands the tender to a chosen few (the seed's fourth case: two public toilets tendered at grade 2 where peers ask grade 3).
// param: min_peers = 3
// param: max_ratio = 2.0
// summary_zh: {buyer}的《{contract}》（{amount}）要求{required}资质，而{peers}个同类可比项目中有{looser}个要求更低。
// summary_en: {buyer}'s "{contract}" ({amount}) demands a grade {required_en} qualification, while {looser} of {peers} comparable {category} contracts demand less.
// Only a contract stricter than the loosest demand of its category can have looser peers,
// so the others are never compared (most tenders of a category demand the same grade).
MATCH (x:Contract)
WHERE x.category IS NOT NULL
WITH x.category AS category, min(coalesce(x.required_qualification_rank, 0)) AS loosest
MATCH (c:Contract {category: category})
WHERE c.required_qualification_rank > loosest AND c.amount > 0
// Comparable contracts come from a range seek on the (category, amount) index.
MATCH (peer:Contract)
WHERE peer.category = c.category
  AND peer.amount >= c.amount / $max_ratio AND peer.amount <= c.amount * $max_ratio
  AND peer <> c
WITH c, collect(peer) AS peers
WITH c, peers,
     [x IN peers WHERE coalesce(x.required_qualification_rank, 0) < c.required_qualification_rank] AS looser
WHERE size(peers) >= $min_peers AND size(looser) * 2 > size(peers)
MATCH (c)-[ab:AWARDED_BY]->(buyer:Org)
// The evidence shows the ten looser peers closest in amount (the facts give the counts): in a
// city a category holds thousands of comparable contracts, and evidence must stay readable.
CALL (c, looser) {
  UNWIND looser AS l
  WITH l ORDER BY abs(l.amount - c.amount), l.id
  LIMIT 10
  RETURN collect(l) AS shown
}
RETURN [c.id, buyer.id] AS subjects,
       {buyer: buyer.name, contract: c.title, amount: c.amount, category: c.category,
        required: CASE c.required_qualification WHEN 'special' THEN '特级' WHEN '1' THEN '一级'
                  WHEN '2' THEN '二级' ELSE '三级' END,
        required_en: c.required_qualification, peers: size(peers), looser: size(looser)} AS facts,
       [c, buyer] + shown AS nodes,
       [ab] AS rels

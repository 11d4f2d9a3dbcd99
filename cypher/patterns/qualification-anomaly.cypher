// id: qualification-anomaly
// severity: medium
// tables: contracts
// portrait: fairness
// title_zh: 资质要求明显高于同类项目
// title_en: Tender demands a stricter qualification than comparable tenders
// flags: a contract that demands a stricter qualification grade than most comparable contracts demand; comparable means the same category, an amount within a factor of max_ratio, and at least min_peers of them.
// why: an inflated qualification demand shuts out local bidders and hands the tender to a chosen few (the seed's fourth case: two public toilets tendered at grade 2 where peers ask grade 3).
// param: min_peers = 3
// param: max_ratio = 2.0
// summary_zh: {buyer}的《{contract}》（{amount}）要求{required}资质，而{peers}个同类可比项目中有{looser}个要求更低。
// summary_en: {buyer}'s "{contract}" ({amount}) demands a grade {required_en} qualification, while {looser} of {peers} comparable {category} contracts demand less.
// Only a contract stricter than the loosest demand of its category can have looser peers,
// so the others are never judged (most tenders of a category demand the same grade).
MATCH (x:Contract)
WHERE x.category IS NOT NULL
WITH x.category AS category, min(coalesce(x.required_qualification_rank, 0)) AS loosest
MATCH (c:Contract {category: category})
WHERE c.required_qualification_rank > loosest AND c.amount > 0
// A peer at least as strict as c is itself stricter than the loosest, so it is one of these
// few: counting them here and every peer from the (category, amount) index below avoids
// reading the thousands of looser peers a city category holds.
WITH category, collect(c) AS strict
UNWIND strict AS c
WITH c, size([d IN strict WHERE d <> c
                AND d.required_qualification_rank >= c.required_qualification_rank
                AND d.amount >= c.amount / $max_ratio AND d.amount <= c.amount * $max_ratio]) AS as_strict
WITH c, as_strict, COUNT {
  MATCH (peer:Contract)
  WHERE peer.category = c.category
    AND peer.amount >= c.amount / $max_ratio AND peer.amount <= c.amount * $max_ratio
    AND peer <> c
} AS peers
WITH c, peers, peers - as_strict AS looser
WHERE peers >= $min_peers AND looser * 2 > peers
MATCH (c)-[ab:AWARDED_BY]->(buyer:Org)
// The evidence shows the ten looser peers closest in amount (the facts give the counts): a
// city category holds thousands of comparable contracts, and evidence must stay readable.
// Each side is read in index order from c's amount outwards and stops after ten.
CALL (c) {
  CALL (c) {
    MATCH (l:Contract)
    WHERE l.category = c.category
      AND l.amount >= c.amount AND l.amount <= c.amount * $max_ratio
      AND coalesce(l.required_qualification_rank, 0) < c.required_qualification_rank
    WITH l ORDER BY l.category, l.amount
    LIMIT 10
    RETURN l
    UNION
    MATCH (l:Contract)
    WHERE l.category = c.category
      AND l.amount < c.amount AND l.amount >= c.amount / $max_ratio
      AND coalesce(l.required_qualification_rank, 0) < c.required_qualification_rank
    WITH l ORDER BY l.category DESC, l.amount DESC
    LIMIT 10
    RETURN l
  }
  WITH l ORDER BY abs(l.amount - c.amount), l.id
  LIMIT 10
  RETURN collect(l) AS shown
}
RETURN [c.id, buyer.id] AS subjects,
       {buyer: buyer.name, contract: c.title, amount: c.amount, category: c.category,
        required: CASE c.required_qualification WHEN 'special' THEN '特级' WHEN '1' THEN '一级'
                  WHEN '2' THEN '二级' ELSE '三级' END,
        required_en: c.required_qualification, peers: peers, looser: looser} AS facts,
       [c, buyer] + shown AS nodes,
       [ab] AS rels

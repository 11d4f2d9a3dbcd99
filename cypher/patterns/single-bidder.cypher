// id: single-bidder
// severity: low
// tables: contracts, bids
// portrait: fairness
// title_zh: 公开招标仅一家有效投标
// title_en: Open tender with a single valid bid
// flags: an open tender that got one bid, or where every bid but the winner's was disqualified.
// why: an open tender without competition gives no price discipline; repeated, it suggests bidders are warned off or the demand is tailored.
// summary_zh: {buyer}公开招标的《{contract}》（{amount}）共收到{bids}份投标，仅{supplier}一家有效。
// summary_en: {buyer}'s open tender "{contract}" ({amount}) had {bids} bid(s) and only {supplier}'s was valid.
MATCH (c:Contract {method: 'open'})-[aw:AWARDED_TO]->(s)
MATCH (bidder)-[b:BID_ON]->(c)
WITH c, aw, s, collect(b) AS bids, collect(bidder) AS bidders
WHERE size(bids) = 1
   OR all(i IN range(0, size(bids) - 1) WHERE bidders[i] = s OR bids[i].qualified = false)
MATCH (c)-[ab:AWARDED_BY]->(buyer:Org)
RETURN [c.id, s.id] AS subjects,
       {buyer: buyer.name, contract: c.title, amount: c.amount, supplier: s.name, bids: size(bids)} AS facts,
       [c, s, buyer] + bidders AS nodes,
       [aw, ab] + bids AS rels

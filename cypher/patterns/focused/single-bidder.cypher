// id: single-bidder
// focus: contract ids (an ingested contract, or the contract of an ingested bid). The
// findings of cypher/patterns/single-bidder.cypher about these contracts only (same columns).
UNWIND $focus AS focus_id
MATCH (c:Contract {id: focus_id, method: 'open'})
USING INDEX c:Contract(id)
MATCH (c)-[aw:AWARDED_TO]->(s)
MATCH (bidder)-[b:BID_ON]->(c)
WITH c, aw, s, collect(b) AS bids, collect(bidder) AS bidders
WHERE size(bids) = 1
   OR all(i IN range(0, size(bids) - 1) WHERE bidders[i] = s OR bids[i].qualified = false)
MATCH (c)-[ab:AWARDED_BY]->(buyer:Org)
RETURN [c.id, s.id] AS subjects,
       {buyer: buyer.name, contract: c.title, amount: c.amount, supplier: s.name, bids: size(bids)} AS facts,
       [c, s, buyer] + bidders AS nodes,
       [aw, ab] + bids AS rels

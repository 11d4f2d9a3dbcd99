// id: shared-contact
// focus: contract ids. The findings of cypher/patterns/shared-contact.cypher about the
// buyer-supplier pairs of these contracts (same columns): each pair with all its contracts, as
// the whole pattern reports it.
UNWIND $focus AS focus_id
MATCH (c0:Contract {id: focus_id})
USING INDEX c0:Contract(id)
MATCH (buyer:Org)<-[:AWARDED_BY]-(c0)-[:AWARDED_TO]->(s:Company)
WITH DISTINCT buyer, s
MATCH (buyer)<-[ab:AWARDED_BY]-(c:Contract)-[aw:AWARDED_TO]->(s)
// Time: a contract counts only if the post is held on its date, the award date or, without
// one, the publication date; an empty start is "since always", an empty end "still held",
// and a contract with neither date keeps the post (a comparison with a null is null, which
// coalesce turns into true).
// Authority: a post at the buyer (own org) or at any org above it through PART_OF
// (supervising, one severity step lower); the own-org post is preferred, then the nearest.
MATCH up = (buyer)-[:PART_OF*0..]->(seat:Org)<-[post:HOLDS_POST]-(p:Official)
WHERE coalesce(post.start_date <= coalesce(c.awarded_on, c.published_on), true) AND coalesce(coalesce(c.awarded_on, c.published_on) <= post.end_date, true)
CALL (p, s) {
  MATCH (x:Person {phone: s.phone}) WHERE x = p OR (p)-[:KIN]->(x)
  RETURN x, 'phone' AS what
  UNION
  MATCH (x:Person {address_norm: s.address_norm}) WHERE x = p OR (p)-[:KIN]->(x)
  RETURN x, 'address' AS what
}
OPTIONAL MATCH (p)-[k:KIN]->(x)
WITH s, p, buyer, collect({post: post, seat: seat, rels: relationships(up), depth: length(up)}) AS seats, collect(DISTINCT x) AS people,
     collect(DISTINCT what) AS whats, collect(DISTINCT k) AS kins,
     collect(DISTINCT ab)[0] AS ab, collect(DISTINCT aw)[0] AS aw, collect(DISTINCT c)[0] AS c
WITH s, p, buyer, people, whats, kins, ab, aw, c,
     reduce(b = seats[0], x IN seats | CASE WHEN x.depth < b.depth THEN x ELSE b END) AS f,
     [x IN people WHERE x <> p] AS relatives
WITH s, p, buyer, people, whats, kins, ab, aw, c, relatives, f.post AS post, f.seat AS seat, f.rels AS up
RETURN [s.id, p.id] + [x IN relatives | x.id] AS subjects,
       {company: s.name, buyer: buyer.name, official: p.name,
        post: CASE WHEN seat = buyer THEN post.title ELSE seat.name + post.title END,
        authority: CASE WHEN seat = buyer THEN 'own' ELSE 'supervising' END, seat: seat.name,
        post_since: coalesce(toString(post.start_date), ''), post_until: coalesce(toString(post.end_date), ''),
        who_zh: CASE WHEN size(relatives) = 0 THEN '本人' ELSE '的' + reduce(t = '', k IN kins | t + k.term_zh) + reduce(t = '', x IN relatives | t + x.name) END,
        who_en: CASE WHEN size(relatives) = 0 THEN '' ELSE ' through ' + reduce(t = '', x IN relatives | t + x.name) END,
        what_zh: CASE WHEN size(whats) = 2 THEN '电话和地址' WHEN whats[0] = 'phone' THEN '电话' ELSE '地址' END,
        what_en: CASE WHEN size(whats) = 2 THEN 'a phone and an address' WHEN whats[0] = 'phone' THEN 'a phone number' ELSE 'a street address' END} AS facts,
       [s, p, buyer, c, seat] + people AS nodes,
       [ab, aw] + up + kins AS rels
// Own-org rows first: the alert of a company and an official takes its facts from its first row.
ORDER BY facts.authority

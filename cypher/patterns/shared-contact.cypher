// id: shared-contact
// severity: medium
// tables: contracts, company_roles, kinship, people, positions, companies, orgs
// portrait: kin
// title_zh: 供应商与公职人员或其亲属共用联系方式
// title_en: Supplier shares a phone or address with an official or a relative
// flags: a company that supplies an org shares a phone number or a full street address with an official with authority over that org (a post at it or above it; supervising: one severity step lower) or with such an official's relative.
// why: a supplier reachable at an official's family phone or home is likely controlled by them, even when no register names them.
// summary_zh: {buyer}的供应商{company}与{post}{official}{who_zh}共用{what_zh}。
// summary_en: {company}, a supplier of {buyer}, shares {what_en} with {official} ({post}){who_en}.
// Start from the contacts: a company's phone and address are each shared by few people,
// while every (contract, official of the buyer) pair of a city runs into the millions.
MATCH (s:Company)
CALL (s) {
  MATCH (x:Person {phone: s.phone})
  RETURN x, 'phone' AS what
  UNION
  MATCH (x:Person {address_norm: s.address_norm})
  RETURN x, 'address' AS what
}
// The person sharing it is the official or one of his relatives.
CALL (x) {
  WITH x WHERE x:Official
  RETURN x AS p
  UNION
  MATCH (p:Official)-[:KIN]->(x)
  RETURN p
}
// ... and the company supplies an org where the official holds a post, or an org below it.
// Time: a contract counts only if the post is held on its date, the award date or, without
// one, the publication date; an empty start is "since always", an empty end "still held",
// and a contract with neither date keeps the post (a comparison with a null is null, which
// coalesce turns into true).
MATCH (s)<-[aw:AWARDED_TO]-(c:Contract)-[ab:AWARDED_BY]->(buyer:Org)
// Authority: a post at the buyer (own org) or at any org above it through PART_OF
// (supervising, one severity step lower); the own-org post is preferred, then the nearest.
MATCH up = (buyer)-[:PART_OF*0..]->(seat:Org)<-[post:HOLDS_POST]-(p)
WHERE coalesce(post.start_date <= coalesce(c.awarded_on, c.published_on), true) AND coalesce(coalesce(c.awarded_on, c.published_on) <= post.end_date, true)
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

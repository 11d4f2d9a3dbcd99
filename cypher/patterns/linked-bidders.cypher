// id: linked-bidders
// severity: high
// tables: contracts, bids, company_roles, companies, kinship, people
// portrait: fairness
// title_zh: 同一招标项目的投标人之间存在关联
// title_en: Bidders on one tender are tied to each other
// flags: two or more companies bidding on one tender (the winner counts as a bidder) that share a person in a non-employee role, whose people are close kin or one human, that share a phone or a full address, or of which one owns the other.
// why: bidders with one person, one family, one office or one owner behind them are not competitors; their bids can be coordinated to fake competition and steer the award (Bidding Law art. 32, its Regulations art. 34 and 40).
// summary_zh: {buyer}的《{contract}》（{day}）共{bidders}家投标人，其中{tied}之间存在关联：{ties_zh}。
// summary_en: Of the {bidders} bidders on {buyer}'s tender "{contract}" ({day}), {tied_en} are tied: {ties_en}.
// Candidates first, from the companies that bid (a winner without a bid of its own is found
// from the side of its tied rival): the companies their people stand in, those their
// people's close kin stand in, those with the same phone or address, and those they own or
// are owned by. Comparing every pair of bidders of every tender instead costs tens of
// seconds on the county preset. Dates are checked below, on the tender's day. The ends of
// BID_ON are left unlabelled so that the planner reads its type index.
MATCH ()-[bid:BID_ON]->()
WITH DISTINCT startNode(bid) AS x
WHERE x:Company
CALL (x) {
  MATCH (x)<-[r:ROLE_IN|BEHIND]-(:Person)-[:SAME_AS*0..2]-(me:Person)
  WHERE r.role <> 'employee'
  WITH DISTINCT me
  CALL (me) {
    MATCH (me)-[r2:ROLE_IN|BEHIND]->(y:Company)
    WHERE r2.role <> 'employee'
    RETURN y
    UNION
    MATCH (me)-[:KIN|SPOUSE_OF|SIBLING_OF|PARENT_OF]-(:Person)-[:SAME_AS*0..2]-(:Person)-[r2:ROLE_IN|BEHIND]->(y:Company)
    WHERE r2.role <> 'employee'
    RETURN y
  }
  RETURN y
  UNION
  MATCH (y:Company {phone: x.phone})
  RETURN y
  UNION
  MATCH (y:Company {address_norm: x.address_norm})
  RETURN y
  UNION
  MATCH (x)-[o:ROLE_IN|BEHIND]-(y:Company)
  WHERE type(o) = 'BEHIND' OR (o.role = 'shareholder' AND o.share_pct >= 25)
  RETURN y
}
WITH x, y WHERE x <> y
WITH DISTINCT CASE WHEN x.id < y.id THEN x ELSE y END AS x, CASE WHEN x.id < y.id THEN y ELSE x END AS y
// ... that met on one tender, one of them (at least) with a bid on it.
MATCH (x)-[:BID_ON|AWARDED_TO]-(c:Contract)-[:BID_ON|AWARDED_TO]-(y)
WHERE EXISTS { (x)-[:BID_ON]->(c) } OR EXISTS { (y)-[:BID_ON]->(c) }
WITH DISTINCT c, x, y
// The tender's bidding companies, the winner included when it has no bid of its own.
CALL (c) {
  MATCH (bidder:Company)-[b:BID_ON]->(c)
  WITH collect(b) AS bids, collect(bidder) AS bidders
  OPTIONAL MATCH (c)-[aw:AWARDED_TO]->(s:Company)
  RETURN bids, aw, CASE WHEN s IS NULL OR s IN bidders THEN bidders ELSE bidders + s END AS bidders
}
// Time: a role counts only if held on the tender's day, its publication date or, without
// one, its award date; an empty start is "since always", an empty end "still held", and a
// tender with neither date keeps every role (a comparison with a null is null, which
// coalesce turns into true).
WITH c, bids, aw, bidders, coalesce(c.published_on, c.awarded_on) AS day,
     {legal_rep: '法定代表人', shareholder: '股东', director: '董事', supervisor: '监事', manager: '经理',
      beneficial_owner: '受益所有人', controller: '实际控制人'} AS role_zh, x, y
CALL (x, y, day, role_zh) {
  // One person (or one human through identity links) stands in both companies; one line
  // per person, with every role held in each.
  MATCH path = (x)<-[r1:ROLE_IN|BEHIND]-(p:Person)-[:SAME_AS*0..2]-(q:Person)-[r2:ROLE_IN|BEHIND]->(y)
  WHERE r1.role <> 'employee' AND r2.role <> 'employee'
    AND coalesce(r1.start_date <= day, true) AND coalesce(day <= r1.end_date, true)
    AND coalesce(r2.start_date <= day, true) AND coalesce(day <= r2.end_date, true)
  WITH p, path, r1, r2 ORDER BY r1.role, r2.role
  WITH p, collect(path) AS paths, collect(DISTINCT r1.role) AS roles1, collect(DISTINCT r2.role) AS roles2
  RETURN 'same_person' AS kind,
         reduce(acc = [], w IN paths | acc + nodes(w)) AS people,
         reduce(acc = [], w IN paths | acc + relationships(w)) AS tie,
         p.name + '同时是' + x.name + '的' + reduce(t = '', w IN roles1 | t + CASE WHEN t = '' THEN '' ELSE '、' END + role_zh[w])
         + '和' + y.name + '的' + reduce(t = '', w IN roles2 | t + CASE WHEN t = '' THEN '' ELSE '、' END + role_zh[w]) AS zh,
         p.name + ' is ' + reduce(t = '', w IN roles1 | t + CASE WHEN t = '' THEN '' ELSE ', ' END + replace(w, '_', ' '))
         + ' of ' + x.name + ' and ' + reduce(t = '', w IN roles2 | t + CASE WHEN t = '' THEN '' ELSE ', ' END + replace(w, '_', ' '))
         + ' of ' + y.name AS en
  UNION
  // Their people are close kin: a derived KIN (recusal scope, from an official) or one
  // primitive tie (spouse, sibling, parent and child), on any record of each; one line per
  // pair of people and tie, with every role each holds.
  MATCH path = (x)<-[r1:ROLE_IN|BEHIND]-(p:Person)-[:SAME_AS*0..2]-(:Person)-[k:KIN|SPOUSE_OF|SIBLING_OF|PARENT_OF]-(:Person)-[:SAME_AS*0..2]-(q:Person)-[r2:ROLE_IN|BEHIND]->(y)
  WHERE r1.role <> 'employee' AND r2.role <> 'employee'
    AND coalesce(r1.start_date <= day, true) AND coalesce(day <= r1.end_date, true)
    AND coalesce(r2.start_date <= day, true) AND coalesce(day <= r2.end_date, true)
  WITH p, q, k, path, r1, r2 ORDER BY r1.role, r2.role
  WITH p, q, k, startNode(k) AS a, endNode(k) AS b, collect(path) AS paths,
       collect(DISTINCT r1.role) AS roles1, collect(DISTINCT r2.role) AS roles2
  RETURN 'kin' AS kind,
         reduce(acc = [], w IN paths | acc + nodes(w)) AS people,
         reduce(acc = [], w IN paths | acc + relationships(w)) AS tie,
         x.name + '的' + reduce(t = '', w IN roles1 | t + CASE WHEN t = '' THEN '' ELSE '、' END + role_zh[w]) + p.name
         + '与' + y.name + '的' + reduce(t = '', w IN roles2 | t + CASE WHEN t = '' THEN '' ELSE '、' END + role_zh[w]) + q.name + '系近亲属（'
         + CASE type(k) WHEN 'KIN' THEN b.name + '是' + a.name + '的' + k.term_zh
             WHEN 'SPOUSE_OF' THEN a.name + '与' + b.name + '是夫妻'
             WHEN 'SIBLING_OF' THEN a.name + '与' + b.name + '是兄弟姐妹'
             ELSE a.name + '是' + b.name + '的父亲或母亲' END + '）' AS zh,
         p.name + ' (' + reduce(t = '', w IN roles1 | t + CASE WHEN t = '' THEN '' ELSE ', ' END + replace(w, '_', ' ')) + ' of ' + x.name
         + ') and ' + q.name + ' (' + reduce(t = '', w IN roles2 | t + CASE WHEN t = '' THEN '' ELSE ', ' END + replace(w, '_', ' ')) + ' of ' + y.name + ') are close kin ('
         + CASE type(k) WHEN 'KIN' THEN b.name + ' is ' + a.name + '\'s ' + k.term_en
             WHEN 'SPOUSE_OF' THEN 'spouses'
             WHEN 'SIBLING_OF' THEN 'siblings'
             ELSE a.name + ' is ' + b.name + '\'s parent' END + ')' AS en
  UNION
  WITH x, y WHERE x.phone = y.phone
  RETURN 'phone' AS kind, [] AS people, [] AS tie,
         x.name + '与' + y.name + '登记电话相同（' + x.phone + '）' AS zh,
         x.name + ' and ' + y.name + ' share the phone ' + x.phone AS en
  UNION
  WITH x, y WHERE x.address_norm = y.address_norm
  RETURN 'address' AS kind, [] AS people, [] AS tie,
         x.name + '与' + y.name + '登记地址相同（' + x.address + '）' AS zh,
         x.name + ' and ' + y.name + ' share the address ' + x.address AS en
  UNION
  // One owns the other: a shareholding of 25% or more, or a holding chain (BEHIND).
  UNWIND [[x, y], [y, x]] AS pair
  WITH pair[0] AS owner, pair[1] AS owned
  MATCH (owner)-[o:ROLE_IN|BEHIND]->(owned)
  WHERE (type(o) = 'BEHIND' OR (o.role = 'shareholder' AND o.share_pct >= 25))
    AND coalesce(o.start_date <= day, true) AND coalesce(day <= o.end_date, true)
  WITH owner, owned, o,
       CASE WHEN type(o) = 'BEHIND' THEN o.share ELSE o.share_pct END AS share
  WITH owner, owned, o, share,
       CASE WHEN share = toInteger(share) THEN toString(toInteger(share)) ELSE toString(share) END AS pct
  RETURN 'owns' AS kind, [] AS people, [o] AS tie,
         owner.name + CASE WHEN type(o) = 'ROLE_IN' THEN '持有' + owned.name + pct + '%的股份'
           WHEN o.role = 'beneficial_owner' THEN '间接持有' + owned.name + pct + '%的股份（' + o.chain_zh + '）'
           ELSE '实际控制' + owned.name + '（' + o.chain_zh + '）' END AS zh,
         owner.name + CASE WHEN type(o) = 'ROLE_IN' THEN ' holds ' + pct + '% of ' + owned.name
           WHEN o.role = 'beneficial_owner' THEN ' holds ' + pct + '% of ' + owned.name + ' (' + o.chain_en + ')'
           ELSE ' controls ' + owned.name + ' (' + o.chain_en + ')' END AS en
}
WITH c, bids, aw, bidders, day, x, y, kind, people, tie, zh, en
ORDER BY x.id, y.id, kind, zh
// One finding per tender, all its ties together.
WITH c, bids, aw, bidders, day, collect(DISTINCT kind) AS kinds,
     collect(DISTINCT zh) AS ties_zh, collect(DISTINCT en) AS ties_en,
     collect(x) + collect(y) AS pairs, collect(people) AS people, collect(tie) AS ties
WITH c, bids, aw, bidders, day, kinds, ties_zh, ties_en,
     reduce(acc = [], n IN pairs | CASE WHEN n IN acc THEN acc ELSE acc + n END) AS tied,
     reduce(acc = [], l IN people | acc + l) AS people,
     reduce(acc = [], l IN ties | acc + l) AS ties
MATCH (c)-[ab:AWARDED_BY]->(buyer:Org)
RETURN [c.id] + [n IN tied | n.id] AS subjects,
       {buyer: buyer.name, contract: c.title, day: coalesce(toString(day), '?'), bidders: size(bidders),
        kinds: kinds,
        tied: reduce(t = '', n IN tied | t + CASE WHEN t = '' THEN '' ELSE '、' END + n.name),
        tied_en: reduce(t = '', n IN tied | t + CASE WHEN t = '' THEN '' ELSE ', ' END + n.name),
        ties_zh: reduce(t = '', s IN ties_zh | t + CASE WHEN t = '' THEN '' ELSE '；' END + s),
        ties_en: reduce(t = '', s IN ties_en | t + CASE WHEN t = '' THEN '' ELSE '; ' END + s)} AS facts,
       [c, buyer] + bidders + people AS nodes,
       [r IN [aw, ab] + bids + ties WHERE r IS NOT NULL] AS rels

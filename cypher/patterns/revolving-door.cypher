// id: revolving-door
// severity: high
// tables: contracts, company_roles, positions, people, companies, orgs
// portrait: kin
// title_zh: 公职人员离职后到与原工作业务直接相关的企业任职
// title_en: Former official's company wins contracts of his former org
// flags: an official whose post at an org ended becomes legal representative, shareholder, director or manager of a company (on any of his records), and the company wins contracts of that org or an org below it within cooling_off_years after the post ended, while he holds the role.
// why: the former official trades on the office he has just left: his old colleagues award his company the contracts he used to oversee, which the post-leaving rules forbid during the cooling-off period.
// param: cooling_off_years = 3
// summary_zh: {official}于{post_until}卸任{org}{post}，后任{supplier}{role_zh}；离任后{cooling_off_years}年内，{buyers}向该公司授予{count}份合同（{first}至{last}，合计{total}）。
// summary_en: {official} left the post of {post} at {org} on {post_until} and is {role_en} of {supplier}; within {cooling_off_years} years of leaving, {buyers_en} awarded it {count} contract(s) ({first} to {last}, {total} in all).
// Time: the post ended (end_date set) before the contract's day (award date, or else
// publication date) and at most cooling_off_years before it; the role is held on that day
// (an empty start is "since always", an empty end "still held"). A contract with neither
// date cannot be placed in the window and is left out.
MATCH (p:Official)-[post:HOLDS_POST]->(o:Org)
WHERE post.end_date IS NOT NULL
MATCH (p)-[same:SAME_AS*0..2]-(me:Person)-[role:ROLE_IN]->(s:Company)
WHERE role.role IN ['legal_rep', 'shareholder', 'director', 'manager']
MATCH (s)<-[aw:AWARDED_TO]-(c:Contract)-[ab:AWARDED_BY]->(buyer:Org)-[:PART_OF*0..]->(o)
WITH p, post, o, same, me, role, s, c, aw, ab, buyer, coalesce(c.awarded_on, c.published_on) AS day
WHERE post.end_date < day AND day <= post.end_date + duration({years: $cooling_off_years})
  AND coalesce(role.start_date <= day, true) AND coalesce(day <= role.end_date, true)
  // Still in office over the buyer on that day (a later term, another post at the buyer or
  // above): the award is self-dealing's case, not a former official's.
  AND NOT EXISTS {
    MATCH (buyer)-[:PART_OF*0..]->(:Org)<-[now:HOLDS_POST]-(:Official)-[:SAME_AS*0..2]-(me)
    WHERE coalesce(now.start_date <= day, true) AND coalesce(day <= now.end_date, true)
  }
// One alert per former official and company: every contract of the window in one finding;
// the post and role named in the summary are those of the earliest contract.
WITH p, s, post, o, same, me, role, c, aw, ab, buyer, day
ORDER BY day, c.id, post.end_date DESC, role.role
WITH p, s, collect(DISTINCT c) AS contracts, collect(day) AS days,
     collect(DISTINCT me) AS holders, collect(DISTINCT o) AS orgs, collect(DISTINCT buyer) AS buyers,
     collect(DISTINCT post) AS posts, collect(DISTINCT role) AS roles,
     collect(DISTINCT aw) AS awarded_to, collect(DISTINCT ab) AS awarded_by,
     reduce(links = [], x IN collect(same) | links + x) AS links,
     head(collect({post: post, org: o, role: role})) AS first
RETURN [p.id, s.id] + [h IN holders WHERE h <> p | h.id] AS subjects,
       {official: p.name, post: first.post.title, org: first.org.name, supplier: s.name,
        role_zh: CASE first.role.role WHEN 'legal_rep' THEN '法定代表人' WHEN 'shareholder' THEN '股东'
                 WHEN 'director' THEN '董事' ELSE '经理' END,
        role_en: replace(first.role.role, '_', ' '),
        count: size(contracts), total: reduce(t = 0.0, x IN contracts | t + coalesce(x.amount, 0.0)),
        first: toString(days[0]), last: toString(days[size(days) - 1]),
        cooling_off_years: $cooling_off_years,
        buyers: reduce(t = '', b IN buyers | t + CASE t WHEN '' THEN '' ELSE '、' END + b.name),
        buyers_en: reduce(t = '', b IN buyers | t + CASE t WHEN '' THEN '' ELSE ', ' END + b.name),
        post_since: coalesce(toString(first.post.start_date), ''), post_until: toString(first.post.end_date),
        role_since: coalesce(toString(first.role.start_date), ''), role_until: coalesce(toString(first.role.end_date), ''),
        contracts: [x IN contracts | x.id]} AS facts,
       [p, s] + holders + orgs + buyers + contracts + [x IN links | startNode(x)] + [x IN links | endNode(x)] AS nodes,
       posts + roles + awarded_to + awarded_by + links AS rels

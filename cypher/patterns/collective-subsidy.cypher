// id: collective-subsidy
// severity: high
// tables: payments, company_roles, kinship, people, positions, companies
// portrait: subsidy
// title_zh: 公职人员从本级或下属集体企业领取款项
// title_en: Official paid by a collective enterprise of his own org
// flags: an official receives payments from a collective enterprise owned by an org where he holds a post, or by an org below it.
// why: cadres drawing subsidies from their own village's enterprise pay themselves from collective money (the seed's third case: more than 200,000 yuan over 2013-2017).
// summary_zh: {owner}所属集体企业{enterprise}向{org}{post}{official}支付{count}笔款项，共计{total}（{first}至{last}）。
// summary_en: {enterprise}, a collective enterprise of {owner}, paid {official} ({post}, {org}) {count} times, {total} in all ({first} to {last}).
MATCH (e:Company)-[ob:OWNED_BY]->(owner:Org)
MATCH (e)-[pd:PAID]->(pay:Payment)-[pt:PAID_TO]->(p:Official)
// Time: a payment counts only if the post is held on its day; an empty start is "since
// always", an empty end "still held" (a comparison with a null is null, which coalesce
// turns into true).
MATCH (p)-[post:HOLDS_POST]->(o:Org)
WHERE coalesce(post.start_date <= pay.paid_on, true) AND coalesce(pay.paid_on <= post.end_date, true)
MATCH chain = (owner)-[:PART_OF*0..6]->(o)
WITH p, e, owner, ob, o, post, relationships(chain) AS hierarchy, nodes(chain) AS levels,
     collect(DISTINCT pay) AS pays, collect(DISTINCT pd) + collect(DISTINCT pt) AS money
WITH p, e, owner, collect(DISTINCT ob) AS obs, collect(DISTINCT o) AS orgs,
     collect(DISTINCT post) AS posts, collect(hierarchy) AS hierarchies,
     reduce(all = [], l IN collect(levels) | all + l) AS chain_orgs, pays, money
RETURN [p.id, e.id, owner.id] AS subjects,
       {official: p.name, post: posts[0].title, org: orgs[0].name, enterprise: e.name,
        owner: owner.name, post_since: coalesce(toString(posts[0].start_date), ''),
        post_until: coalesce(toString(posts[0].end_date), ''), count: size(pays), total: reduce(t = 0.0, x IN pays | t + x.amount),
        first: toString(reduce(m = null, x IN pays | CASE WHEN m IS NULL OR x.paid_on < m THEN x.paid_on ELSE m END)),
        last: toString(reduce(m = null, x IN pays | CASE WHEN m IS NULL OR x.paid_on > m THEN x.paid_on ELSE m END))} AS facts,
       [p, e, owner] + orgs + chain_orgs + pays AS nodes,
       obs + posts + money + reduce(all = [], h IN hierarchies | all + h) AS rels

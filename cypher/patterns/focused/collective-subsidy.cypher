// id: collective-subsidy
// focus: payment ids. The findings of cypher/patterns/collective-subsidy.cypher that these
// payments take part in (same columns): the (enterprise, official) pairs they connect, each
// with all its payments, as the whole pattern reports them.
UNWIND $focus AS focus_id
MATCH (pay0:Payment {id: focus_id})
USING INDEX pay0:Payment(id)
MATCH (e:Company)-[:PAID]->(pay0)-[:PAID_TO]->(p:Official)
WITH DISTINCT e, p
MATCH (e)-[ob:OWNED_BY]->(owner:Org)
MATCH (e)-[pd:PAID]->(pay:Payment)-[pt:PAID_TO]->(p)
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

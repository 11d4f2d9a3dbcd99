// A reviewer's decision on a possible identity link, in one transaction (three statements).
// 1. The new status with who, when and why, appended to the link's history. Guarded by the
//    status read before, so that two reviewers deciding at once cannot both win.
MATCH (:Person {id: $a})-[r:POSSIBLY_SAME_AS]-(:Person {id: $b})
WHERE coalesce(r.status, 'pending') = $from
SET r.status = $status, r.decided_by = $who, r.decided_at = $now, r.note = $note,
    r.history = coalesce(r.history, []) + [$entry]
RETURN count(r) AS changed;

// 2. Confirmed: a certain link with basis 'review', in id order like the other certain links,
//    so that kinship, patterns, paths and entity pages count it (they read SAME_AS only).
//    An existing certain link between the two (another basis) is kept as it is.
MATCH (a:Person {id: $a})
MATCH (b:Person {id: $b})
WHERE $status = 'confirmed'
WITH CASE WHEN a.id < b.id THEN a ELSE b END AS x, CASE WHEN a.id < b.id THEN b ELSE a END AS y
MERGE (x)-[s:SAME_AS]->(y)
ON CREATE SET s.basis = 'review', s.certain = true, s.reviewed_by = $who, s.created_at = $now,
              s.note = $note
RETURN count(s) AS links;

// 3. Rejected or undone: the reviewed link goes; a certain link with another basis (proved by
//    the records themselves) never does.
MATCH (:Person {id: $a})-[s:SAME_AS {basis: 'review'}]-(:Person {id: $b})
WHERE $status <> 'confirmed'
DELETE s
RETURN count(*) AS links;

// Create a case with the next number of its year. The counter is write-locked (the first
// SET) before it is read, so two creations at once never get the same number; the unique
// constraint on the year makes the MERGE itself safe.
MERGE (k:CaseCounter {year: $year})
SET k.locked = true
WITH k
SET k.last = coalesce(k.last, 0) + 1
REMOVE k.locked
WITH k.last AS n
CREATE (c:Case {
  id: 'C-' + toString($year) + '-' + CASE WHEN n < 10000 THEN right('000' + toString(n), 4) ELSE toString(n) END,
  title: $title, assignee: $assignee, deadline: $deadline, status: $status,
  created_at: $now, created_by: $by, updated_at: $now, updated_by: $by,
  notes: [], history: [$entry]})
RETURN c.id AS id

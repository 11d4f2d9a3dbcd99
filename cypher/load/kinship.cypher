// Primitive family ties, stored once whichever end they were given from:
// PARENT_OF points from parent to child; SPOUSE_OF and SIBLING_OF point from the lower id to
// the higher. The loader has already turned the row into (from, to, type) and says what the
// word implied about the relative (gender; for siblings, who is older).
UNWIND $rows AS row
MATCH (a:Person {id: row.tie_from})
MATCH (b:Person {id: row.tie_to})
CALL (a, b, row) {
  WITH a, b, row WHERE row.tie_type = 'PARENT_OF'
  MERGE (a)-[r:PARENT_OF]->(b)
  ON CREATE SET r.first_load_run = $run
  RETURN r
  UNION
  WITH a, b, row WHERE row.tie_type = 'SPOUSE_OF'
  MERGE (a)-[r:SPOUSE_OF]->(b)
  ON CREATE SET r.first_load_run = $run
  RETURN r
  UNION
  WITH a, b, row WHERE row.tie_type = 'SIBLING_OF'
  MERGE (a)-[r:SIBLING_OF]->(b)
  ON CREATE SET r.first_load_run = $run
  RETURN r
}
// Provenance: the first row that asserted the tie (source_file, source_line), and every row
// since in `sources` (the last eight; absent while only the first asserted it, so reloading
// the same file changes nothing). A tie given from both ends, or in two files, keeps both.
WITH r, row, $file + ':' + toString(row._line) AS here,
     CASE WHEN r.source_file IS NOT NULL THEN r.source_file + ':' + toString(r.source_line) END AS first
SET r.older_id = coalesce(row.older_id, r.older_id),
    r.sources = CASE WHEN first IS NULL OR (r.sources IS NULL AND first = here) THEN r.sources
      ELSE [s IN coalesce(r.sources, [first]) WHERE s <> here][-7..] + here END,
    r.source_file = coalesce(r.source_file, $file), r.source_line = coalesce(r.source_line, row._line),
    r.load_run = coalesce(r.load_run, $run), r.loaded_at = coalesce(r.loaded_at, $now)
WITH row
// The word may say the relative's gender (妹妹 is female); record it where the registry did not.
MATCH (relative:Person {id: row.relative_id})
WITH relative, row WHERE row.relative_gender IS NOT NULL AND relative.gender IS NULL
SET relative.gender_from_kinship = row.relative_gender

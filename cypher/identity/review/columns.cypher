// The columns of a candidate under review: both records' key fields side by side, unmasked
// (the API serves them to investigators and up only), and the link's score, reason and
// review state.
RETURN a {.id, .name, .gender, birth_date: toString(a.birth_date), .id_number,
          .id_number_invalid, .phone, .address, .source_file, .source_line} AS a,
       b {.id, .name, .gender, birth_date: toString(b.birth_date), .id_number,
          .id_number_invalid, .phone, .address, .source_file, .source_line} AS b,
       r.score AS score, r.reason AS reason, coalesce(r.status, 'pending') AS status,
       r.decided_by AS decided_by, toString(r.decided_at) AS decided_at, r.note AS note,
       coalesce(r.history, []) AS history

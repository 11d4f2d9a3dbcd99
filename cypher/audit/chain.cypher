// A page of the audit chain in order ($after: the last sequence number read, $limit), for
// `guanxi audit verify`: every stored field the hash covers.
MATCH (b:AuditBatch)
WHERE b.seq > $after
RETURN b.id AS id, b.seq AS seq, b.prev_hash AS prev_hash, b.hash AS hash,
       b.entries AS entries
ORDER BY b.seq
LIMIT $limit

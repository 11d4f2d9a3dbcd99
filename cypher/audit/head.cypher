// The audit chain's head (its last batch's sequence number and hash), and how many batches
// were stored before the chain existed (no sequence number), for `guanxi audit verify`.
OPTIONAL MATCH (h:AuditHead {id: 'audit'})
WITH h
OPTIONAL MATCH (b:AuditBatch) WHERE b.seq IS NULL
RETURN h.seq AS seq, h.hash AS hash, count(b) AS unchained

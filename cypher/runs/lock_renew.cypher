// Extends the scan lock while its owner is still scanning; 0 rows renewed means it was lost.
MATCH (l:ScanLock {name: 'scan'})
WHERE l.owner = $owner
SET l.expires_at = datetime() + duration({seconds: $ttl})
RETURN count(l) AS renewed

// Gives the scan lock back, if $owner still holds it.
MATCH (l:ScanLock {name: 'scan'})
WHERE l.owner = $owner
SET l.last_owner = l.owner, l.released_at = datetime()
REMOVE l.owner, l.expires_at, l.acquired_at
RETURN count(l) AS released

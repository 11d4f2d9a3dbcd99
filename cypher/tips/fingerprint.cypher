// Tips inbox: what the name automaton was built from, as a fingerprint (src/tips/matcher.rs):
// the loads and ingests so far (each writes a LoadRun: how many, and the latest start or
// finish, as cypher/scope/fingerprint.cypher) and the number of people, companies and orgs
// (read from the count store; a retraction that takes an entity's label changes it).
CALL () {
  MATCH (r:LoadRun)
  RETURN count(r) AS runs, max(coalesce(r.finished_at, r.started_at)) AS latest
}
CALL () { MATCH (n:Person) RETURN count(n) AS people }
CALL () { MATCH (n:Company) RETURN count(n) AS companies }
CALL () { MATCH (n:Org) RETURN count(n) AS orgs }
RETURN toString(runs) + '|' + coalesce(toString(latest), '') + '|' + toString(people) + '|'
       + toString(companies) + '|' + toString(orgs) AS fingerprint

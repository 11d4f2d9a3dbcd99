// `guanxi db backup|restore`: all nodes and all relationships (unlabelled nodes included), and
// the server's Neo4j version for the manifest.
CALL dbms.components() YIELD name, versions
WHERE name = 'Neo4j Kernel'
CALL () {
  MATCH (n)
  RETURN count(n) AS nodes
}
CALL () {
  MATCH ()-[r]->()
  RETURN count(r) AS relationships
}
RETURN versions[0] AS version, nodes, relationships

// One stored alert (columns: columns.cypher).
MATCH (a:Alert {id: $id})

// One case by its number (columns: columns.cypher, appended by src/cases/store.rs).
MATCH (c:Case {id: $id})

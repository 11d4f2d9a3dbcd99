// Every case (columns: columns.cypher, appended by src/cases/store.rs).
MATCH (c:Case)

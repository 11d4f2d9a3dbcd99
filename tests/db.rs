//! The database foundation against the real Neo4j: connection, schema, reset.

mod common;

use common::{clean_graph, column};
use guanxi::{cypher, db};
use neo4rs::query;

#[tokio::test]
async fn writes_and_reads_through_neo4rs() {
    let test = clean_graph().await;
    test.graph
        .run(
            query("CREATE (:Entity:Person {id: $id, name: $name})")
                .param("id", "p-1")
                .param("name", "王建国"),
        )
        .await
        .unwrap();
    let names: Vec<String> = column(
        &test.graph,
        query("MATCH (p:Person {id: $id}) RETURN p.name AS name").param("id", "p-1"),
        "name",
    )
    .await;
    assert_eq!(names, vec!["王建国".to_string()]);
}

#[tokio::test]
async fn schema_is_in_place_and_reapplying_changes_nothing() {
    let test = clean_graph().await;
    let before = db::schema_objects(&test.graph).await.unwrap();
    assert!(
        before.iter().any(|o| o == "entity_id UNIQUENESS"),
        "{before:?}"
    );
    assert!(
        before.iter().any(|o| o == "entity_names FULLTEXT"),
        "{before:?}"
    );
    db::apply_schema(&test.graph).await.unwrap();
    db::apply_schema(&test.graph).await.unwrap();
    let after = db::schema_objects(&test.graph).await.unwrap();
    assert_eq!(before, after);
}

#[tokio::test]
async fn ids_are_unique_across_all_entity_kinds() {
    let test = clean_graph().await;
    test.graph
        .run(query("CREATE (:Entity:Person {id: 'x-1'})"))
        .await
        .unwrap();
    // A company may not reuse a person's id: the contract gives all tables one id space.
    let duplicate = test
        .graph
        .run(query("CREATE (:Entity:Company {id: 'x-1'})"))
        .await;
    let error = duplicate.expect_err("the uniqueness constraint must refuse a second x-1");
    assert!(error.to_string().contains("already exists"), "{error}");
}

#[tokio::test]
async fn reset_deletes_all_data_and_keeps_the_schema() {
    let test = clean_graph().await;
    test.graph
        .run(query(
            "UNWIND range(1, 25000) AS i CREATE (:Entity:Person {id: 'p-' + i})-[:KNOWS]->(:Thing)",
        ))
        .await
        .unwrap();
    let schema = db::schema_objects(&test.graph).await.unwrap();
    let deleted = db::delete_all_data(&test.graph).await.unwrap();
    assert_eq!(deleted, 50000);
    let left: Vec<i64> = column(&test.graph, query("MATCH (n) RETURN count(n) AS n"), "n").await;
    assert_eq!(left, vec![0]);
    assert_eq!(db::schema_objects(&test.graph).await.unwrap(), schema);
}

/// A hub with more relationships than one batch deletes, and a token that `db reset` keeps:
/// the reset deletes the hub's relationships over several transactions, then the nodes, and
/// keeps the token.
#[tokio::test]
async fn reset_deletes_a_hub_in_batches_and_keeps_tokens() {
    let test = clean_graph().await;
    test.graph
        .run(query(
            "CREATE (h:Entity:Person {id: 'hub'}) WITH h \
             UNWIND range(1, 45000) AS i CREATE (h)-[:KNOWS]->(:Thing {i: i})",
        ))
        .await
        .unwrap();
    test.graph
        .run(query("CREATE (:ApiToken {name: 'kept'})"))
        .await
        .unwrap();
    let deleted = db::delete_data_keeping_tokens_and_audit(&test.graph)
        .await
        .unwrap();
    assert_eq!(deleted, 45001);
    let left: Vec<Vec<String>> =
        column(&test.graph, query("MATCH (n) RETURN labels(n) AS n"), "n").await;
    assert_eq!(left, vec![vec!["ApiToken".to_string()]]);
}

/// The bulk deletions are one pass each, every batch its own transaction
/// (`TransactionForeach`), with no `Eager` operator, which would gather every matched record
/// in the outer transaction's memory before the first batch (the memory limit a city hits;
/// `EagerAggregation`, the final count, holds one number).
#[tokio::test]
async fn the_reset_statements_stream_in_batches_without_eager() {
    let test = clean_graph().await;
    for file in [
        &cypher::DB_DELETE_RELATIONSHIPS,
        &cypher::DB_DELETE_NODES,
        &cypher::DB_RESET_RELATIONSHIPS,
        &cypher::DB_RESET_NODES,
    ] {
        let plan = common::plan_of(&test.graph, file.text, neo4rs::BoltMap::default()).await;
        let operators: Vec<&str> = plan.split(' ').collect();
        assert!(
            operators.contains(&"TransactionForeach"),
            "{}: {plan}",
            file.path
        );
        assert!(!operators.contains(&"Eager"), "{}: {plan}", file.path);
    }
}

#[tokio::test]
async fn an_unreachable_server_is_reported_as_such() {
    let mut settings = guanxi::settings::Settings::default();
    // Port 1 on loopback: nothing listens there.
    settings.neo4j.uri = "bolt://127.0.0.1:1".into();
    let Err(error) = db::connect_and_ping(&settings.neo4j, std::time::Duration::from_secs(3)).await
    else {
        panic!("nothing listens on port 1, yet the ping succeeded");
    };
    assert!(error.is_unreachable(), "{error}");
    assert!(error.to_string().contains("127.0.0.1:1"), "{error}");
}

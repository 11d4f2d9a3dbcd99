//! `guanxi demo`, the README's first command, as a cargo-built binary runs it: the binary
//! lives in `target/<profile>/`, beside cargo's own (empty) `examples/` folder, and must still
//! load the source tree's `examples/` and print the seed's stories.

mod common;

#[tokio::test]
async fn the_demo_of_a_cargo_build_loads_the_examples_and_prints_the_stories() {
    let test = common::clean_graph().await;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_guanxi"))
        .arg("demo")
        .env("NEO4J_URI", &test.settings.neo4j.uri)
        .output()
        .expect("run guanxi demo");
    let said = common::text(&output);
    assert!(output.status.success(), "{said}");
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    assert!(
        said.contains(&format!("loading {}", examples.display())),
        "{said}"
    );
    let expected: serde_json::Value =
        serde_json::from_str(include_str!("../examples/expected-alerts.json")).unwrap();
    let count = expected["alerts"].as_array().unwrap().len();
    assert!(said.contains(&format!(": {count} alerts in ")), "{said}");
    assert!(said.contains("外甥女"), "{said}");
}

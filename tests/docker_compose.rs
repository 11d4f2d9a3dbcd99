//! docker-compose.yml cannot run here (no Docker engine); check that it is valid YAML and
//! describes what the README promises.

use serde_yaml::Value;

fn compose() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docker-compose.yml"))
        .expect("docker-compose.yml");
    serde_yaml::from_str(&text).expect("docker-compose.yml is valid YAML")
}

#[test]
fn neo4j_service_is_5_26_community_with_volume_and_health_check() {
    let compose = compose();
    let neo4j = &compose["services"]["neo4j"];
    assert_eq!(neo4j["image"].as_str(), Some("neo4j:5.26-community"));
    assert!(neo4j["healthcheck"]["test"].is_sequence());
    let volumes: Vec<&str> = neo4j["volumes"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(volumes.iter().any(|v| v.ends_with(":/data")), "{volumes:?}");
}

#[test]
fn guanxi_service_builds_here_and_waits_for_a_healthy_neo4j() {
    let compose = compose();
    let guanxi = &compose["services"]["guanxi"];
    assert_eq!(guanxi["build"].as_str(), Some("."));
    assert_eq!(
        guanxi["depends_on"]["neo4j"]["condition"].as_str(),
        Some("service_healthy")
    );
    assert_eq!(
        guanxi["environment"]["NEO4J_URI"].as_str(),
        Some("bolt://neo4j:7687")
    );
    assert!(guanxi["healthcheck"]["test"].is_sequence());
    // Every named volume a service mounts is declared.
    for service in ["neo4j", "guanxi"] {
        for volume in compose["services"][service]["volumes"]
            .as_sequence()
            .unwrap()
        {
            let name = volume.as_str().unwrap().split(':').next().unwrap();
            assert!(
                compose["volumes"].get(name).is_some(),
                "volume {name} of {service} is not declared"
            );
        }
    }
    assert!(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/Dockerfile")).exists());
}

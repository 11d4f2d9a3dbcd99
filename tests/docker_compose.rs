//! docker-compose.yml and the Dockerfile cannot run here (no Docker engine): check that they
//! are valid, describe what the README promises, and agree with the binary they run. Every
//! command they (and the README's Docker section) give guanxi parses with its own command
//! line (`guanxi::cli::Cli`); every variable the compose file sets is one guanxi reads
//! (`guanxi::settings::ENV_VARS`) with a value it accepts; the published port is the one
//! `serve` listens on; the health checks ask a route the service has; and the Dockerfile's
//! build stage copies every file the build reads. `guanxi health`, the image's health check,
//! is run against a real service.

mod common;

use std::collections::BTreeMap;

use clap::Parser;
use guanxi::cli::{Cli, Command};
use serde_yaml::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(file: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/{file}")).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn compose() -> Value {
    serde_yaml::from_str(&read("docker-compose.yml")).expect("docker-compose.yml is valid YAML")
}

/// A command line given to the image, parsed as the binary parses it.
fn parse(argv: &[String]) -> Cli {
    assert_eq!(argv.first().map(String::as_str), Some("guanxi"), "{argv:?}");
    Cli::try_parse_from(argv).unwrap_or_else(|e| panic!("{argv:?} does not parse:\n{e}"))
}

/// The port `guanxi serve --addr ...` listens on, on every interface of the container.
fn serve_port(argv: &[String]) -> u16 {
    match parse(argv).command {
        Command::Serve { addr } => {
            assert!(
                addr.ip().is_unspecified(),
                "{addr}: unreachable from outside"
            );
            addr.port()
        }
        other => panic!("{argv:?} is not `guanxi serve`: {other:?}"),
    }
}

/// The URL `guanxi health --url ...` asks.
fn health_url(argv: &[String]) -> String {
    match parse(argv).command {
        Command::Health { url } => url,
        other => panic!("{argv:?} is not `guanxi health`: {other:?}"),
    }
}

fn strings(value: &Value) -> Vec<String> {
    let list = value.as_sequence().unwrap_or_else(|| panic!("{value:?}"));
    list.iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

/// The Dockerfile's instructions (continuation lines joined, comments left out), as
/// (stage name, instruction, rest of the line).
fn dockerfile() -> Vec<(String, String, String)> {
    let text = read("Dockerfile").replace("\\\n", " ");
    let mut stage = String::new();
    let mut instructions = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (instruction, rest) = line.split_once(' ').unwrap_or((line, ""));
        let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
        if instruction == "FROM" {
            let (_, name) = rest
                .split_once(" AS ")
                .unwrap_or_else(|| panic!("`FROM {rest}`: every stage is named (AS ...)"));
            stage = name.to_string();
        }
        instructions.push((stage.clone(), instruction.to_string(), rest));
    }
    instructions
}

/// A JSON (exec form) argument list of the Dockerfile, e.g. CMD's.
fn exec_form(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: not an exec form list ({e})"))
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

#[test]
fn the_service_serves_on_the_published_port_and_checks_a_route_it_has() {
    let compose = compose();
    let guanxi = &compose["services"]["guanxi"];
    let port = serve_port(&strings(&guanxi["command"]));
    assert_eq!(
        strings(&guanxi["ports"]),
        [format!("127.0.0.1:{port}:{port}")],
        "published on the loopback interface only, to the port serve listens on"
    );
    assert!(guanxi["restart"].as_str().is_some(), "no restart policy");

    let docker = dockerfile();
    let last = |instruction: &str| {
        let found = docker.iter().rev().find(|(_, i, _)| i == instruction);
        found
            .unwrap_or_else(|| panic!("no {instruction} in the Dockerfile"))
            .2
            .clone()
    };
    assert_eq!(serve_port(&exec_form(&last("CMD"))), port, "Dockerfile CMD");
    assert_eq!(last("EXPOSE"), port.to_string());
    let docker_health = last("HEALTHCHECK");
    let docker_health = docker_health
        .split_once(" CMD ")
        .expect("HEALTHCHECK ... CMD [...]");

    let compose_health = strings(&guanxi["healthcheck"]["test"]);
    assert_eq!(
        compose_health[0], "CMD",
        "exec form, no shell in the image needed"
    );
    let routes = guanxi::api::openapi::document().paths.paths;
    for url in [
        health_url(&compose_health[1..]),
        health_url(&exec_form(docker_health.1)),
    ] {
        let path = url
            .strip_prefix(&format!("http://127.0.0.1:{port}"))
            .unwrap_or_else(|| panic!("{url} is not the service in the same container"));
        assert!(routes.contains_key(path), "{url}: no such route");
    }
}

#[test]
fn the_compose_environment_is_what_guanxi_reads_with_values_it_accepts() {
    let compose = compose();
    let guanxi = &compose["services"]["guanxi"];
    let mut env = BTreeMap::new();
    for (name, value) in guanxi["environment"].as_mapping().expect("a mapping") {
        let name = name.as_str().unwrap();
        assert!(
            guanxi::settings::ENV_VARS.contains(&name),
            "{name} is not a variable guanxi reads (guanxi::settings::ENV_VARS)"
        );
        // `${NAME:-default}` as compose substitutes it when NAME is unset.
        let value = value.as_str().expect("a string value");
        let value = match value.strip_prefix("${").and_then(|v| v.strip_suffix('}')) {
            Some(substituted) => substituted.split_once(":-").expect("a default").1,
            None => value,
        };
        env.insert(name.to_string(), value.to_string());
    }
    let settings = guanxi::settings::Settings::load_with(None, |name| env.get(name).cloned())
        .expect("the compose environment is valid settings");
    assert!(
        settings.scan.cron().unwrap().is_some(),
        "scheduled scans are off"
    );
    let data = strings(&guanxi["volumes"]);
    assert!(data.contains(&"guanxi-data:/data".to_string()), "{data:?}");
    assert_eq!(guanxi["working_dir"].as_str(), Some("/data"));
    assert!(
        settings.audit.spool.starts_with("/data"),
        "the audit spool is not on the volume"
    );
}

#[test]
fn the_dockerfile_builds_in_named_stages_and_copies_what_the_build_reads() {
    let docker = dockerfile();
    let stages: Vec<&str> = docker
        .iter()
        .filter(|(_, i, _)| i == "FROM")
        .map(|(stage, _, _)| stage.as_str())
        .collect();
    assert_eq!(stages, ["web", "build", "runtime"]);
    let in_stage = |stage: &str, instruction: &str| -> Vec<String> {
        let lines = docker
            .iter()
            .filter(|(s, i, _)| s == stage && i == instruction);
        lines.map(|(_, _, rest)| rest.clone()).collect()
    };
    assert!(in_stage("web", "RUN")
        .iter()
        .any(|r| r.starts_with("npm ci")));
    assert!(in_stage("build", "RUN").contains(&"cargo build --release --locked".into()));
    assert!(in_stage("runtime", "COPY")
        .contains(&"--from=build /src/target/release/guanxi /usr/local/bin/guanxi".into()));
    let user = in_stage("runtime", "USER");
    assert!(
        !user.is_empty() && user.iter().all(|u| u != "root" && u != "0"),
        "{user:?}"
    );

    // What the build copies from the context (`--from=...` copies come from another stage).
    let copied: Vec<String> = in_stage("build", "COPY")
        .iter()
        .filter(|rest| !rest.starts_with("--from="))
        .flat_map(|rest| {
            let words: Vec<&str> = rest.split(' ').collect();
            words[..words.len() - 1]
                .iter()
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let is_copied = |path: &str| {
        copied
            .iter()
            .any(|source| path == source || path.starts_with(&format!("{source}/")))
    };
    for needed in build_inputs() {
        assert!(is_copied(&needed), "the build stage does not copy {needed}");
    }
    assert!(in_stage("build", "COPY")
        .iter()
        .any(|rest| { rest.starts_with("--from=web ") && rest.ends_with(" ./web/node_modules") }));
}

/// What `cargo build` reads from the crate: the manifest, lockfile and build script, `src/`,
/// the folders of the files `src/` embeds with `*_file!("dir/...")` (Cypher, loader mappings),
/// and what build.rs watches (the page), but `web/node_modules`, which the web stage installs.
fn build_inputs() -> Vec<String> {
    let mut needed: Vec<String> = ["Cargo.toml", "Cargo.lock", "build.rs", "src"]
        .map(String::from)
        .to_vec();
    for source in glob::glob(&format!("{ROOT}/src/**/*.rs")).unwrap() {
        let text = std::fs::read_to_string(source.unwrap()).unwrap();
        for (_, after) in text
            .match_indices("_file!(\"")
            .map(|(i, _)| text.split_at(i + 8))
        {
            needed.push(after.split('/').next().unwrap().to_string());
        }
    }
    for line in read("build.rs").lines() {
        if let Some((_, path)) = line.split_once("cargo:rerun-if-changed=") {
            let path = path.split('"').next().unwrap();
            if path != "build.rs" && !path.starts_with("web/node_modules") {
                needed.push(path.to_string());
            }
        }
    }
    needed.sort();
    needed.dedup();
    assert!(needed.contains(&"cypher".to_string()) && needed.contains(&"loaders".to_string()));
    needed
}

#[test]
fn the_readmes_docker_commands_parse_and_use_the_compose_service() {
    let readme = read("README.md");
    let section = readme
        .split("\n## Docker\n")
        .nth(1)
        .expect("README has a Docker section");
    let section = section.split("\n## ").next().unwrap();
    assert!(section.contains("docker compose up -d"));
    let compose = compose();
    let mut commands = Vec::new();
    for line in section.lines().map(str::trim) {
        let Some(rest) = line.strip_prefix("docker compose run ") else {
            continue;
        };
        let words: Vec<&str> = rest.split('#').next().unwrap().split_whitespace().collect();
        // Options of `docker compose run`, then the service, then its command.
        let mut i = 0;
        let mut mounts = Vec::new();
        while words[i].starts_with('-') {
            if matches!(words[i], "-v" | "--volume" | "-e" | "--env") {
                mounts.push(words[i + 1]);
                i += 1;
            }
            i += 1;
        }
        assert!(
            compose["services"].get(words[i]).is_some(),
            "{line}: no service {}",
            words[i]
        );
        let argv: Vec<String> = words[i + 1..].iter().map(|w| w.to_string()).collect();
        let cli = parse(&argv);
        if let Command::Load(args) = &cli.command {
            // The folder loaded is the one mounted.
            assert!(
                mounts
                    .iter()
                    .any(|m| m.split(':').nth(1) == args.dir.to_str()),
                "{line}: {} is not mounted",
                args.dir.display()
            );
        }
        commands.push(cli.command);
    }
    assert!(commands.iter().any(|c| matches!(c, Command::Token(_))));
    assert!(commands.iter().any(|c| matches!(c, Command::Load(_))));
}

/// `guanxi health --url URL` (the image has no curl) against a served app, a missing route
/// and a closed port.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_health_command_tells_a_ready_service_from_none() {
    let app = common::spawn_app().await;
    let health = |url: String| {
        guanxi::cli::run(parse(
            &["guanxi", "health", "--url", &url].map(String::from),
        ))
    };
    health(format!("{}/readyz", app.base))
        .await
        .expect("a ready service is healthy");
    let missing = health(format!("{}/no-such-route", app.base))
        .await
        .unwrap_err();
    assert!(missing.to_string().contains("404"), "{missing}");
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let none = health(format!("http://{closed}/readyz")).await.unwrap_err();
    assert!(none.to_string().contains("does not answer"), "{none}");
}

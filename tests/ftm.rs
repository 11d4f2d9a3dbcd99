//! FollowTheMoney in and out (`crate::ftm`), against the real Neo4j: the examples' export
//! validated by the `followthemoney` Python library itself (tests/ftm_validate.py), a round
//! trip export → empty graph → `load --format ftm` → scan giving the same findings as the
//! CSV load, the viewer's masking (library, CLI and API), bad lines, unknown schemata and a
//! list of politically exposed persons linking to the people already loaded.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{column, load_and_scan_examples, text};
use guanxi::domain::Role;
use guanxi::ftm::export::{export, to_lines, Selection};
use guanxi::ftm::import::load_file;
use neo4rs::{query, Graph};

/// A fresh file path under the temp dir.
fn temp_file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("guanxi-ftm-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Load options writing reports under the temp dir.
fn load_options() -> guanxi::load::LoadOptions {
    let mut options = guanxi::load::LoadOptions::new(".");
    options.report_dir =
        std::env::temp_dir().join(format!("guanxi-ftm-reports-{}", std::process::id()));
    options
}

/// The pinned `followthemoney` requirement (one home: `tests/ftm-requirements.txt`).
const REQUIREMENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ftm-requirements.txt");

/// A Python that has the pinned `followthemoney`: `python3` itself when it has that version,
/// else a virtual environment under cargo's test temp folder where the test installs it from
/// PyPI once (as the browser tests install their npm packages), so that `cargo test` needs
/// no set-up step beyond Python 3.
fn python_with_followthemoney() -> &'static Path {
    static PYTHON: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PYTHON.get_or_init(|| {
        let pinned = std::fs::read_to_string(REQUIREMENTS).expect("tests/ftm-requirements.txt");
        let version = pinned
            .lines()
            .find_map(|line| line.trim().strip_prefix("followthemoney=="))
            .expect("a followthemoney== line in tests/ftm-requirements.txt")
            .to_string();
        let has_it = |python: &Path| {
            std::process::Command::new(python)
                .args(["-c", "import followthemoney, sys; sys.exit(followthemoney.__version__ != sys.argv[1])"])
                .arg(&version)
                .output()
                .is_ok_and(|output| output.status.success())
        };
        let system = PathBuf::from("python3");
        if has_it(&system) {
            return system;
        }
        let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("ftm-venv-{version}"));
        let python = venv.join("bin/python");
        if has_it(&python) {
            return python;
        }
        let run = |command: &mut std::process::Command, what: &str| {
            let output = command.output().unwrap_or_else(|e| {
                panic!("{what}: cannot run it ({e}); tests/ftm.rs needs Python 3 with venv and pip")
            });
            assert!(
                output.status.success(),
                "{what} failed (or install it by hand: `python3 -m pip install -r tests/ftm-requirements.txt`):\n{}",
                text(&output)
            );
        };
        eprintln!("installing followthemoney {version} into {}", venv.display());
        run(
            std::process::Command::new("python3").args(["-m", "venv"]).arg(&venv),
            "python3 -m venv",
        );
        run(
            std::process::Command::new(&python)
                .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"])
                .arg(REQUIREMENTS),
            "pip install -r tests/ftm-requirements.txt",
        );
        assert!(has_it(&python), "followthemoney {version} did not install into {}", venv.display());
        python
    })
}

/// Runs tests/ftm_validate.py on `file` with the pinned `followthemoney`; fails with its
/// output.
fn validate_with_followthemoney(file: &Path) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ftm_validate.py");
    let output = std::process::Command::new(python_with_followthemoney())
        .arg(script)
        .arg(file)
        .output()
        .expect("run tests/ftm_validate.py");
    let said = text(&output);
    assert!(
        output.status.success(),
        "followthemoney rejected {}:\n{said}",
        file.display()
    );
    assert!(said.contains("entities valid"), "{said}");
}

/// The findings of the stored scan: (pattern, sorted subjects) of every alert not retired.
async fn findings(graph: &Graph) -> BTreeSet<(String, Vec<String>)> {
    let rows: Vec<Vec<String>> = column(
        graph,
        query("MATCH (a:Alert) WHERE a.retired_at IS NULL RETURN [a.pattern] + a.subjects AS row"),
        "row",
    )
    .await;
    rows.into_iter()
        .map(|mut row| {
            let pattern = row.remove(0);
            row.sort();
            (pattern, row)
        })
        .collect()
}

#[tokio::test]
async fn the_examples_export_is_valid_followthemoney() {
    let test = common::clean_graph().await;
    load_and_scan_examples(&test.graph).await;
    let all = export(&test.graph, &Selection::All, None, Role::Investigator)
        .await
        .expect("export");
    let schemata: BTreeSet<&str> = all.iter().map(|e| e.schema.as_str()).collect();
    for schema in [
        "Person",
        "Company",
        "PublicBody",
        "Family",
        "Ownership",
        "Directorship",
        "Occupancy",
        "Position",
        "Contract",
        "ContractAward",
        "Payment",
        "CallForTenders",
        "UnknownLink",
    ] {
        assert!(schemata.contains(schema), "no {schema} in {schemata:?}");
    }
    let file = temp_file("all.ftm.json");
    std::fs::write(&file, to_lines(&all)).unwrap();
    validate_with_followthemoney(&file);

    // Stable ids: a second export is the same, byte for byte.
    let again = export(&test.graph, &Selection::All, None, Role::Investigator)
        .await
        .unwrap();
    assert_eq!(to_lines(&all), to_lines(&again));
    let wang = all
        .iter()
        .find(|e| e.id == "gx-person-p-wang-jianguo")
        .expect("by key");
    assert_eq!(wang.values("publisher"), vec!["guanxi"]);
    assert!(wang.values("notes")[0].contains("people.csv:"), "{wang:?}");

    // An entity and its surroundings, through the CLI, is valid on its own too.
    let around = temp_file("around.ftm.json");
    let out = common::guanxi(&[
        "export",
        "--format",
        "ftm",
        "--entity",
        "p-wang-jianguo",
        "--depth",
        "2",
        "--out",
        around.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    validate_with_followthemoney(&around);
    let lines = std::fs::read_to_string(&around).unwrap();
    assert!(lines.contains("\"gx-person-p-wang-jianguo\""));
    assert!(lines.lines().count() < all.len());
}

#[tokio::test]
async fn a_case_exports_its_entities_and_the_records_behind_its_alerts() {
    let test = common::clean_graph().await;
    load_and_scan_examples(&test.graph).await;
    let alert: Vec<String> = column(
        &test.graph,
        query("MATCH (a:Alert {pattern: 'late-deposit'}) RETURN a.id AS id"),
        "id",
    )
    .await;
    let created = common::guanxi(&[
        "case",
        "create",
        "--title",
        "保洁费迟交",
        "--alert",
        &alert[0],
        "--entity",
        "o-dongshan",
    ]);
    assert!(created.status.success(), "{}", text(&created));
    let stdout = String::from_utf8(created.stdout).unwrap();
    let case = stdout.lines().last().unwrap().trim().to_string();
    let file = temp_file("case.ftm.json");
    let out = common::guanxi(&["export", "--case", &case, "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    validate_with_followthemoney(&file);
    let lines = std::fs::read_to_string(&file).unwrap();
    for id in [
        "gx-person-p-li-mingde",
        "gx-payment-pay-ds-clean-2017a",
        "gx-org-o-dongshan",
    ] {
        assert!(
            lines.contains(&format!("\"id\":\"{id}\"")),
            "{id} not in {lines}"
        );
    }
    // The handler of the late payment is linked, with the payment it handled.
    assert!(lines.contains("\"handler\""), "{lines}");
    let unknown = common::guanxi(&["export", "--case", "C-1999-0001"]);
    assert!(!unknown.status.success());
}

#[tokio::test]
async fn a_round_trip_through_ftm_finds_what_the_csv_load_found() {
    let test = common::clean_graph().await;
    load_and_scan_examples(&test.graph).await;
    let from_csv = findings(&test.graph).await;
    assert!(from_csv.len() >= 10, "{from_csv:?}");
    let file = temp_file("round-trip.ftm.json");
    let all = export(&test.graph, &Selection::All, None, Role::Investigator)
        .await
        .unwrap();
    std::fs::write(&file, to_lines(&all)).unwrap();

    guanxi::db::delete_all_data(&test.graph)
        .await
        .expect("wipe");
    let outcome = load_file(&test.graph, &file, &load_options())
        .await
        .expect("load ftm");
    assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);
    assert_eq!(
        outcome.summary.rejected(),
        0,
        "{}",
        outcome.summary.render()
    );
    common::scan_examples_day(&test.graph).await;
    let from_ftm = findings(&test.graph).await;
    assert_eq!(from_csv, from_ftm);
}

#[tokio::test]
async fn a_viewers_export_has_no_id_numbers_phones_or_addresses() {
    let test = common::clean_graph().await;
    load_and_scan_examples(&test.graph).await;
    let viewer = export(&test.graph, &Selection::All, None, Role::Viewer)
        .await
        .unwrap();
    let lines = String::from_utf8(to_lines(&viewer)).unwrap();
    for property in ["idNumber", "phone", "\"address\""] {
        let people_or_companies = viewer
            .iter()
            .filter(|e| e.schema == "Person" || e.schema == "Company")
            .filter(|e| e.properties.contains_key(property.trim_matches('"')));
        assert_eq!(
            people_or_companies.count(),
            0,
            "{property} in a viewer's export"
        );
    }
    let people =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/people.csv"))
            .unwrap();
    for row in people.lines().skip(1) {
        let cells: Vec<&str> = row.split(',').collect();
        for secret in [cells[4], cells[5], cells[6]] {
            assert!(
                secret.is_empty() || !lines.contains(secret),
                "{secret} in a viewer's export"
            );
        }
    }
    // A viewer still gets the people, their birth years and the ties.
    let wang = viewer
        .iter()
        .find(|e| e.id == "gx-person-p-wang-jianguo")
        .unwrap();
    assert_eq!(wang.values("birthDate"), vec!["1962"]);
    assert!(viewer.iter().any(|e| e.schema == "Family"));
    let file = temp_file("viewer.ftm.json");
    std::fs::write(&file, &lines).unwrap();
    validate_with_followthemoney(&file);

    // The CLI's --as viewer is the same view.
    let out = common::guanxi(&["export", "--all", "--as", "viewer"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), lines);
}

#[tokio::test]
async fn the_api_exports_per_role_and_audits() {
    let app = common::spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let path = "/api/export.ftm?entity=p-wang-jianguo&depth=1";
    let response = app.get(&app.viewer, path).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/x-ndjson");
    let body = response.text().await.unwrap();
    assert!(body.contains("gx-person-p-wang-jianguo"), "{body}");
    assert!(
        !body.contains("idNumber") && !body.contains("\"phone\""),
        "{body}"
    );
    assert!(!body.contains("330698196204182136"), "{body}");

    let full = app.get(&app.investigator, path).await.text().await.unwrap();
    assert!(full.contains("330698196204182136"), "{full}");

    for refused in [
        "/api/export.ftm?all=true",
        "/api/export.ftm?case=C-2026-0001",
    ] {
        assert_eq!(
            app.get(&app.viewer, refused).await.status(),
            403,
            "{refused}"
        );
    }
    let all = app.get(&app.investigator, "/api/export.ftm?all=true").await;
    assert_eq!(all.status(), 200);
    assert!(all.text().await.unwrap().lines().count() > 300);
    for bad in [
        "/api/export.ftm",
        "/api/export.ftm?entity=x&all=true",
        "/api/export.ftm?entity=x&depth=9",
    ] {
        assert_eq!(app.get(&app.investigator, bad).await.status(), 400, "{bad}");
    }
    let missing = app
        .get(&app.investigator, "/api/export.ftm?entity=nobody")
        .await;
    assert_eq!(missing.status(), 404);

    // Audited like every request: the entity it named, by whom (written in the background).
    let mut found = false;
    for _ in 0..30 {
        let audit: serde_json::Value = app
            .get(&app.admin, "/api/audit?token=test-viewer")
            .await
            .json()
            .await
            .unwrap();
        found = audit.as_array().unwrap().iter().any(|e| {
            e["route"] == "/api/export.ftm"
                && e["entity_ids"]
                    .as_array()
                    .is_some_and(|ids| ids.iter().any(|x| x == "p-wang-jianguo"))
        });
        if found {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(found, "the viewer's export is in the audit log");
}

#[tokio::test]
async fn bad_lines_are_errors_and_unknown_schemata_warnings() {
    let test = common::clean_graph().await;
    let bad = temp_file("bad.ftm.json");
    std::fs::write(
        &bad,
        "{\"id\":\"a1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"甲\"]}}\n{\"id\": \"a2\", oops}\n",
    )
    .unwrap();
    let err = load_file(&test.graph, &bad, &load_options())
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 2"), "{err}");
    // Nothing was loaded from a file with a bad line.
    let people: Vec<i64> = column(
        &test.graph,
        query("MATCH (p:Person) RETURN count(p) AS n"),
        "n",
    )
    .await;
    assert_eq!(people, vec![0]);

    let out = common::guanxi(&["load", "--format", "ftm", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out).contains("line 2"), "{}", text(&out));

    let odd = temp_file("odd.ftm.json");
    std::fs::write(
        &odd,
        concat!(
            "{\"id\":\"a1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"甲\"]}}\n",
            "{\"id\":\"v1\",\"schema\":\"Vessel\",\"properties\":{\"name\":[\"船\"]}}\n",
        ),
    )
    .unwrap();
    let outcome = load_file(&test.graph, &odd, &load_options()).await.unwrap();
    assert!(
        outcome
            .warnings
            .iter()
            .any(|w| w.starts_with("line 2") && w.contains("Vessel")),
        "{:?}",
        outcome.warnings
    );
    assert_eq!(outcome.summary.rejected(), 0);
    let out = common::guanxi(&["load", "--format", "ftm", odd.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Vessel"), "{}", text(&out));
}

#[tokio::test]
async fn a_list_of_politically_exposed_persons_links_to_the_people_loaded() {
    let test = common::clean_graph().await;
    load_and_scan_examples(&test.graph).await;
    let peps = temp_file("peps.ftm.json");
    std::fs::write(
        &peps,
        concat!(
            // The same ID number as p-wang-jianguo.
            "{\"id\":\"NK-pep-1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"王建国\"],\"idNumber\":[\"330698196204182136\"],\"position\":[\"村党总支书记\"],\"nationality\":[\"cn\"]}}\n",
            // The same name and birth date as p-chen-guoqiang, with a post in a new org.
            "{\"id\":\"NK-pep-2\",\"schema\":\"Person\",\"properties\":{\"name\":[\"陈国强\"],\"birthDate\":[\"1968-07-30\"]}}\n",
            "{\"id\":\"NK-body-1\",\"schema\":\"PublicBody\",\"properties\":{\"name\":[\"东山村村民委员会\"],\"legalForm\":[\"village\"]}}\n",
            "{\"id\":\"NK-post-1\",\"schema\":\"Position\",\"properties\":{\"name\":[\"村委会主任\"],\"organization\":[\"NK-body-1\"]}}\n",
            "{\"id\":\"NK-occ-1\",\"schema\":\"Occupancy\",\"properties\":{\"holder\":[\"NK-pep-2\"],\"post\":[\"NK-post-1\"],\"startDate\":[\"2011-04-01\"]}}\n",
        ),
    )
    .unwrap();
    let outcome = load_file(&test.graph, &peps, &load_options())
        .await
        .unwrap();
    assert_eq!(
        outcome.summary.rejected(),
        0,
        "{}",
        outcome.summary.render()
    );
    assert!(
        outcome
            .warnings
            .iter()
            .any(|w| w.contains("Person.position") && w.starts_with("line 1")),
        "{:?}",
        outcome.warnings
    );
    assert!(
        outcome
            .warnings
            .iter()
            .any(|w| w.contains("Person.nationality")),
        "{:?}",
        outcome.warnings
    );
    let links: Vec<String> = column(
        &test.graph,
        query("MATCH (a:Person)-[r:SAME_AS]-(b:Person) WHERE a.id STARTS WITH 'NK-' RETURN a.id + '=' + b.id + ':' + r.basis AS n ORDER BY n"),
        "n",
    )
    .await;
    assert_eq!(
        links,
        vec![
            "NK-pep-1=p-wang-jianguo:id_number".to_string(),
            "NK-pep-2=p-chen-guoqiang:name_birth_date".to_string(),
        ]
    );
    let posts: Vec<String> = column(
        &test.graph,
        query("MATCH (:Person {id: 'NK-pep-2'})-[r:HOLDS_POST]->(o:Org {id: 'NK-body-1'}) RETURN r.title AS t"),
        "t",
    )
    .await;
    assert_eq!(posts, vec!["村委会主任".to_string()]);
}

#[tokio::test]
async fn ftm_plans_avoid_label_scans_and_cartesian_products() {
    let test = common::clean_graph().await;
    load_and_scan_examples(&test.graph).await;
    for file in guanxi::cypher::FTM {
        let mut params = neo4rs::BoltMap::new();
        params.put("ids".into(), vec!["p-wang-jianguo".to_string()].into());
        params.put("scope".into(), vec!["o-dongshan".to_string()].into());
        let plan = common::plan_of(&test.graph, file.text, params).await;
        assert!(
            plan.contains("Seek") || plan.contains("IndexScan"),
            "{}: {plan}",
            file.path
        );
        for bad in ["AllNodesScan", "LabelScan", "CartesianProduct"] {
            assert!(!plan.contains(bad), "{}: {bad} in {plan}", file.path);
        }
    }
}

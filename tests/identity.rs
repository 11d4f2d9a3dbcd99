//! Identity review against the real Neo4j: a kin-supplier finding that appears only once a
//! person confirms a possible identity link (through the `guanxi` binary), rejection that
//! later loads respect, undo, the API's roles and answers, and a reload that keeps a
//! confirmed link.
//!
//! The dataset is the seed's second case made harder: the party secretary's niece 赵丽 is
//! recorded twice, once with her birth date (in the family) and once without (as legal
//! representative of the supplier). No ID number, no shared birth date: only a possible
//! link (same name, same phone) joins the two records.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use common::{clean_graph, column, spawn_app};
use guanxi::identity::review::{self, Decision, ReviewError, ReviewStatus};
use guanxi::load::{load_dir, LoadOptions};
use guanxi::scan::{list_alerts, run_scan_once, AlertFilter, ScanOptions};
use neo4rs::{query, Graph};
use serde_json::{json, Value};

const NIECE: &str = "p-zhao-li";
const NIECE_REG: &str = "p-zhao-li-reg";

/// Writes the dataset; `address_suffix` changes the niece's two rows (so that a reload
/// rewrites them and identity resolution looks at them again).
fn write_dataset(dir: &Path, address_suffix: &str) {
    std::fs::create_dir_all(dir).unwrap();
    let files = [
        (
            "orgs.csv",
            "id,name,kind,parent_id,region\n\
             o-qingxi,青溪县,county,,青溪县\n\
             o-fenglin,枫林镇,town,o-qingxi,青溪县/枫林镇\n\
             o-dongshan,东山村,village,o-fenglin,青溪县/枫林镇\n"
                .to_string(),
        ),
        (
            "people.csv",
            format!(
                "id,name,gender,birth_date,id_number,phone,address\n\
                 p-wang-jianguo,王建国,M,1962-04-18,330698196204182136,13857520101,青溪县枫林镇东山村3组12号\n\
                 p-wang-xiulan,王秀兰,F,1965-09-02,,13857520109,青溪县枫林镇东山村5组21号\n\
                 {NIECE},赵丽,F,1988-12-06,,13857520111,青溪县枫林镇东山村6组2号{address_suffix}\n\
                 {NIECE_REG},赵丽,F,,,13857520111,青溪县城关镇解放路120号{address_suffix}\n"
            ),
        ),
        (
            "positions.csv",
            "person_id,org_id,title,start_date,end_date\n\
             p-wang-jianguo,o-dongshan,村党总支书记,2008-03-01,\n"
                .to_string(),
        ),
        (
            "kinship.csv",
            format!(
                "person_id,relative_id,relation\n\
                 p-wang-jianguo,p-wang-xiulan,妹妹\n\
                 p-wang-xiulan,{NIECE},女儿\n"
            ),
        ),
        (
            "companies.csv",
            "id,name,credit_code,address,phone,registered_on,industry,qualification,owner_org_id\n\
             c-hongtu,红图广告有限公司,,青溪县枫林镇文化路68号,0575-87120301,2014-08-12,广告设计制作,,\n"
                .to_string(),
        ),
        (
            "company_roles.csv",
            format!(
                "company_id,person_id,role,share_pct,start_date,end_date\n\
                 c-hongtu,{NIECE_REG},法定代表人,,2014-08-12,\n"
            ),
        ),
        (
            "contracts.csv",
            "id,buyer_id,title,category,amount,method,required_qualification,published_on,awarded_on,supplier_id,approver_id\n\
             k-ds-ad-1,o-dongshan,村务公开栏制作,advertising,\"38,000.00\",invited,,2015-04-20,2015-05-12,c-hongtu,p-wang-jianguo\n"
                .to_string(),
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn temp_dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("guanxi-identity-{name}-{}", std::process::id()))
}

async fn load(graph: &Graph, dir: &Path) {
    let report_dir = dir.join("reports");
    let summary = load_dir(
        graph,
        &LoadOptions {
            report_dir,
            ..LoadOptions::new(dir)
        },
    )
    .await
    .expect("the dataset loads");
    assert_eq!(summary.rejected(), 0, "rejects: {:#?}", summary.rejects);
}

/// Scans with kin-supplier alone; returns the subjects of the alerts this scan raised (the
/// store keeps earlier alerts whose finding is gone: they are left out).
async fn kin_supplier_alerts(graph: &Graph) -> Vec<Vec<String>> {
    let summary = run_scan_once(
        graph,
        &ScanOptions {
            patterns: vec!["kin-supplier".into()],
            as_of: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            ..Default::default()
        },
    )
    .await
    .expect("scan");
    let scan_started: Vec<String> = column(
        graph,
        query(
            "MATCH (a:Alert {pattern: 'kin-supplier'}) WHERE a.last_scan = $scan RETURN a.id AS n",
        )
        .param("scan", summary.scan.clone()),
        "n",
    )
    .await;
    list_alerts(
        graph,
        &AlertFilter {
            patterns: vec!["kin-supplier".into()],
            status: None,
        },
    )
    .await
    .expect("alerts")
    .into_iter()
    .filter(|a| scan_started.contains(&a.id))
    .map(|a| a.subjects)
    .collect()
}

/// `guanxi identity ARGS...` against the test database (NEO4J_URI comes from the
/// environment, as for the tests).
fn guanxi_identity(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_guanxi"))
        .arg("identity")
        .args(args)
        .env("USER", "test-reviewer")
        .output()
        .expect("the guanxi binary runs")
}

async fn links(graph: &Graph, cypher: &str) -> Vec<String> {
    column(graph, query(cypher), "n").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kin_supplier_finding_appears_only_after_confirmation() {
    let test = clean_graph().await;
    let g = &test.graph;
    let dir = temp_dir("confirm");
    write_dataset(&dir, "");
    load(g, &dir).await;

    // Only a possible link joins the niece's two records: no finding.
    let pending = review::list_candidates(g, ReviewStatus::Pending, 1, 50)
        .await
        .unwrap();
    assert_eq!(pending.total, 1, "{pending:#?}");
    let candidate = &pending.candidates[0];
    assert_eq!(
        (candidate.a.id.as_str(), candidate.b.id.as_str()),
        (NIECE, NIECE_REG)
    );
    assert_eq!(candidate.a.birth_date.as_deref(), Some("1988-12-06"));
    assert_eq!(candidate.b.phone.as_deref(), Some("13857520111"));
    assert!(candidate
        .reason
        .as_deref()
        .unwrap()
        .contains("shared phone"));
    assert!(kin_supplier_alerts(g).await.is_empty());

    // `guanxi identity list` shows it; the reviewer confirms it (ids in either order).
    let listed = guanxi_identity(&["list", "--format", "json"]);
    assert!(listed.status.success(), "{listed:?}");
    let page: Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(page["total"], 1);
    let confirmed = guanxi_identity(&[
        "confirm",
        NIECE_REG,
        NIECE,
        "--note",
        "same phone, 户籍核实",
    ]);
    assert!(confirmed.status.success(), "{confirmed:?}");
    let again = guanxi_identity(&["confirm", NIECE, NIECE_REG]);
    assert!(!again.status.success(), "a second confirmation is refused");
    assert!(String::from_utf8_lossy(&again.stderr).contains("already confirmed"));
    let unknown = guanxi_identity(&["reject", NIECE, "p-wang-jianguo"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no possible identity link"));

    let link = review::get_candidate(g, NIECE, NIECE_REG)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(link.status, ReviewStatus::Confirmed);
    assert_eq!(link.decided_by.as_deref(), Some("test-reviewer"));
    assert_eq!(link.note.as_deref(), Some("same phone, 户籍核实"));
    assert_eq!(link.history.len(), 1);
    assert_eq!(link.history[0]["status"], "confirmed");
    assert_eq!(link.history[0]["from"], "pending");
    assert_eq!(
        links(
            g,
            "MATCH (a)-[r:SAME_AS]->(b) RETURN a.id + '=' + b.id + ':' + r.basis AS n"
        )
        .await,
        vec![format!("{NIECE}={NIECE_REG}:review")]
    );

    // The next scan counts the confirmed link like a certain one.
    let alerts = kin_supplier_alerts(g).await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    for id in ["p-wang-jianguo", "k-ds-ad-1", "c-hongtu"] {
        assert!(alerts[0].contains(&id.to_string()), "{alerts:?}");
    }

    // The CLI's decisions are in the audit log.
    let audit = guanxi::audit::list(
        g,
        &guanxi::audit::AuditFilter {
            token: Some("test-reviewer".into()),
            page: 1,
            per_page: 10,
        },
    )
    .await
    .unwrap();
    let routes: Vec<(String, i64)> = audit.iter().map(|e| (e.route.clone(), e.status)).collect();
    assert!(
        routes.contains(&("guanxi identity confirm".into(), 200)),
        "{routes:?}"
    );
    assert!(
        routes.contains(&("guanxi identity confirm".into(), 409)),
        "{routes:?}"
    );
    assert!(
        routes.contains(&("guanxi identity reject".into(), 404)),
        "{routes:?}"
    );

    // A reload that rewrites both records keeps the reviewed link and proposes nothing new.
    write_dataset(&dir, "（复核）");
    load(g, &dir).await;
    assert_eq!(
        links(
            g,
            "MATCH (a)-[r:SAME_AS]->(b) RETURN a.id + '=' + b.id + ':' + r.basis AS n"
        )
        .await,
        vec![format!("{NIECE}={NIECE_REG}:review")]
    );
    assert_eq!(
        links(
            g,
            "MATCH (a)-[r:POSSIBLY_SAME_AS]->(b) RETURN a.id + '~' + b.id + ':' + r.status AS n"
        )
        .await,
        vec![format!("{NIECE}~{NIECE_REG}:confirmed")]
    );
    assert_eq!(kin_supplier_alerts(g).await.len(), 1);

    // Undo: pending again, the reviewed link gone, and the finding with it.
    let undone = review::decide(
        g,
        NIECE,
        NIECE_REG,
        Decision::Undo,
        "tester",
        "wrong person after all",
    )
    .await
    .unwrap();
    assert_eq!(undone.status, ReviewStatus::Pending);
    assert_eq!(undone.history.len(), 2);
    assert!(links(g, "MATCH ()-[r:SAME_AS]->() RETURN r.basis AS n")
        .await
        .is_empty());
    assert!(kin_supplier_alerts(g)
        .await
        .iter()
        .all(|subjects| !subjects.contains(&NIECE_REG.to_string())));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_pair_is_never_proposed_again() {
    let test = clean_graph().await;
    let g = &test.graph;
    let dir = temp_dir("reject");
    write_dataset(&dir, "");
    load(g, &dir).await;
    let rejected = review::decide(
        g,
        NIECE,
        NIECE_REG,
        Decision::Reject,
        "tester",
        "two people",
    )
    .await
    .unwrap();
    assert_eq!(rejected.status, ReviewStatus::Rejected);
    let run_before: Vec<String> = links(
        g,
        "MATCH ()-[r:POSSIBLY_SAME_AS]->() RETURN r.updated_run AS n",
    )
    .await;

    // A load that rewrites both records does not propose the pair again.
    write_dataset(&dir, "（更正）");
    load(g, &dir).await;
    assert_eq!(
        links(
            g,
            "MATCH (a)-[r:POSSIBLY_SAME_AS]->(b) RETURN a.id + '~' + b.id + ':' + r.status AS n"
        )
        .await,
        vec![format!("{NIECE}~{NIECE_REG}:rejected")]
    );
    assert_eq!(
        links(
            g,
            "MATCH ()-[r:POSSIBLY_SAME_AS]->() RETURN r.updated_run AS n"
        )
        .await,
        run_before,
        "the rejected pair was scored again"
    );
    assert!(links(g, "MATCH ()-[r:SAME_AS]->() RETURN r.basis AS n")
        .await
        .is_empty());
    assert!(kin_supplier_alerts(g).await.is_empty());
    assert_eq!(
        review::list_candidates(g, ReviewStatus::Pending, 1, 10)
            .await
            .unwrap()
            .total,
        0
    );

    // Undo brings it back to review; rejecting an unknown pair is a typed error.
    let undone = review::decide(g, NIECE_REG, NIECE, Decision::Undo, "tester", "")
        .await
        .unwrap();
    assert_eq!(undone.status, ReviewStatus::Pending);
    assert!(matches!(
        review::decide(g, NIECE, "p-wang-xiulan", Decision::Reject, "tester", "").await,
        Err(ReviewError::UnknownPair { .. })
    ));
    assert!(matches!(
        review::decide(g, NIECE, NIECE_REG, Decision::Undo, "tester", "").await,
        Err(ReviewError::Unchanged {
            status: ReviewStatus::Pending,
            ..
        })
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_review_api_is_for_investigators() {
    let app = spawn_app().await;
    let dir = temp_dir("api");
    write_dataset(&dir, "");
    load(&app.db.graph, &dir).await;

    // Viewers never see the unmasked records, nor decide.
    assert_eq!(
        app.get(&app.viewer, "/api/identity/candidates")
            .await
            .status(),
        403
    );
    let decision = json!({"a": NIECE, "b": NIECE_REG, "decision": "confirm"});
    assert_eq!(
        app.post(&app.viewer, "/api/identity/decisions", decision.clone())
            .await
            .status(),
        403
    );

    let page: Value = app
        .get(
            &app.investigator,
            "/api/identity/candidates?status=pending&page=1&per_page=10",
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["candidates"][0]["a"]["id"], NIECE);
    assert_eq!(
        page["candidates"][0]["b"]["phone"], "13857520111",
        "unmasked"
    );
    assert_eq!(page["candidates"][0]["b"]["source_file"], "people.csv");
    assert_eq!(
        app.get(&app.investigator, "/api/identity/candidates?status=maybe")
            .await
            .status(),
        400
    );

    // Bad bodies and unknown pairs.
    for body in [
        json!({"a": NIECE, "b": NIECE_REG, "decision": "merge"}),
        json!({"a": NIECE, "decision": "confirm"}),
        json!({"a": "", "b": NIECE_REG, "decision": "confirm"}),
    ] {
        let answer = app
            .post(&app.investigator, "/api/identity/decisions", body.clone())
            .await;
        assert_eq!(answer.status(), 400, "{body}");
    }
    let unknown = json!({"a": NIECE, "b": "p-wang-jianguo", "decision": "confirm"});
    assert_eq!(
        app.post(&app.investigator, "/api/identity/decisions", unknown)
            .await
            .status(),
        404
    );

    let confirmed = app
        .post(
            &app.investigator,
            "/api/identity/decisions",
            json!({"a": NIECE_REG, "b": NIECE, "decision": "confirm", "note": "ok"}),
        )
        .await;
    assert_eq!(confirmed.status(), 200);
    let confirmed: Value = confirmed.json().await.unwrap();
    assert_eq!(confirmed["status"], "confirmed");
    assert_eq!(confirmed["decided_by"], "test-investigator");
    assert_eq!(confirmed["history"][0]["by"], "test-investigator");
    assert_eq!(
        app.post(&app.investigator, "/api/identity/decisions", decision)
            .await
            .status(),
        409
    );
    let listed: Value = app
        .get(&app.admin, "/api/identity/candidates?status=confirmed")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], 1);
    let undone: Value = app
        .post(
            &app.investigator,
            "/api/identity/decisions",
            json!({"a": NIECE, "b": NIECE_REG, "decision": "undo"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(undone["status"], "pending");
    let _ = std::fs::remove_dir_all(&dir);
}

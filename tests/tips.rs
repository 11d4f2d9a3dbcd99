//! The tips inbox against the real Neo4j: the examples' advertising tip resolves to the
//! niece path and the kin-supplier alert (library, command line and API), a name two people
//! bear is offered as candidates, viewers get no tip text, a scoped token does not see a tip
//! outside its scope, and an unknown tip is a 404 / a non-zero exit.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::{clean_graph, load_and_scan_examples, spawn_app};
use guanxi::domain::Role;
use guanxi::load::{load_dir, LoadOptions};
use guanxi::tips::{self, MatcherCache, TipView};

const TIMEOUT: Duration = Duration::from_secs(10);

fn entity<'a>(tip: &'a TipView, id: &str) -> &'a tips::TipEntity {
    tip.entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("{id} among {:?}", tip.entities))
}

fn guanxi(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_guanxi"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("guanxi runs")
}

#[tokio::test]
async fn the_advertising_tip_resolves_to_the_niece_path_and_the_kin_supplier_alert() {
    let test = clean_graph().await;
    load_and_scan_examples(&test.graph).await;
    let cache = MatcherCache::default();

    let tip = tips::open_tip(&test.graph, &cache, "t-2017-001", None, TIMEOUT)
        .await
        .unwrap()
        .expect("the tip exists");
    // The text says 红图广告 (the registry: 青溪县红图广告有限公司) and 东山村.
    let hongtu = entity(&tip, "c-hongtu");
    assert!(hongtu.subject);
    assert_eq!(hongtu.mentions, vec!["红图广告".to_string()]);
    assert_eq!(
        entity(&tip, "o-dongshan").mentions,
        vec!["东山村".to_string()]
    );
    assert!(
        tip.alerts
            .iter()
            .any(|a| a.pattern == "kin-supplier" && a.subjects.contains(&"c-hongtu".into())),
        "alerts: {:?}",
        tip.alerts
    );
    let niece = tip
        .paths
        .iter()
        .find(|p| p.official == "p-wang-jianguo" && p.company == "c-hongtu")
        .unwrap_or_else(|| panic!("no path from the secretary: {:?}", tip.paths));
    let best = &niece.paths[0];
    assert!(
        best.text_zh.starts_with("王建国 —外甥女→ 赵丽")
            && best.text_zh.contains("—法定代表人→ 青溪县红图广告有限公司"),
        "{}",
        best.text_zh
    );
    assert!(tips::render_tip(&tip).contains("外甥女"));

    // Opened again, the kept automaton serves: the names are read once.
    tips::open_tip(&test.graph, &cache, "t-2017-001", None, TIMEOUT)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cache.builds(), 1);

    // The inbox, searched by text.
    let page = tips::list_tips(&test.graph, &cache, Some("红图广告"), 1, 50, None)
        .await
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.tips[0].id, "t-2017-001");
    assert!(page.tips[0].matched >= 2, "{:?}", page.tips[0]);
    let all = tips::list_tips(&test.graph, &cache, None, 1, 2, None)
        .await
        .unwrap();
    assert_eq!((all.total, all.tips.len()), (5, 2));
    assert!(tips::open_tip(&test.graph, &cache, "t-nope", None, TIMEOUT)
        .await
        .unwrap()
        .is_none());

    // The command line prints the same; an unknown tip fails.
    let shown = guanxi(&["tip", "show", "t-2017-001"]);
    let stdout = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.status.success(), "{stdout}");
    assert!(stdout.contains("王建国 —外甥女→ 赵丽"), "{stdout}");
    let json = guanxi(&["tip", "show", "t-2017-001", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(value["id"], "t-2017-001");
    let unknown = guanxi(&["tip", "show", "t-nope"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("t-nope"));
    let listed = guanxi(&["tip", "list", "--q", "红图"]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("t-2017-001"));
}

#[tokio::test]
async fn a_name_two_people_bear_is_offered_as_candidates() {
    let test = clean_graph().await;
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tips-ambiguous"
    ));
    let mut options = LoadOptions::new(&dir);
    options.report_dir = std::env::temp_dir().join(format!("guanxi-tips-{}", std::process::id()));
    let summary = load_dir(&test.graph, &options).await.expect("load");
    assert_eq!(summary.rejected(), 0);
    let cache = MatcherCache::default();

    let tip = tips::open_tip(&test.graph, &cache, "t-amb-1", None, TIMEOUT)
        .await
        .unwrap()
        .unwrap();
    assert!(
        tip.entities.iter().all(|e| e.kind != "Person"),
        "no guess: {:?}",
        tip.entities
    );
    assert_eq!(tip.ambiguous.len(), 1, "{:?}", tip.ambiguous);
    let name = &tip.ambiguous[0];
    assert_eq!(name.mention, "周婷");
    let told: Vec<(&str, Option<i64>, &str)> = name
        .candidates
        .iter()
        .map(|c| (c.id.as_str(), c.birth_year, c.posts[0].org.as_str()))
        .collect();
    assert_eq!(
        told,
        vec![
            ("p-zhou-ting-1", Some(1980), "东山村"),
            ("p-zhou-ting-2", Some(1992), "南溪村")
        ]
    );
    assert!(tips::render_tip(&tip).contains("同名待辨"));
    assert_eq!(cache.builds(), 1);

    // A load that brings a third 周婷: the kept automaton is built again and offers her too.
    let more = dir.with_file_name("tips-ambiguous-more");
    let summary = load_dir(
        &test.graph,
        &LoadOptions {
            report_dir: options.report_dir.clone(),
            ..LoadOptions::new(&more)
        },
    )
    .await
    .expect("load more");
    assert_eq!(summary.rejected(), 0);
    let tip = tips::open_tip(&test.graph, &cache, "t-amb-1", None, TIMEOUT)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cache.builds(), 2);
    let ids: Vec<&str> = tip.ambiguous[0]
        .candidates
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, vec!["p-zhou-ting-1", "p-zhou-ting-2", "p-zhou-ting-3"]);

    // A tip whose subjects name one of them settles the name.
    let settled = tips::open_tip(&test.graph, &cache, "t-amb-2", None, TIMEOUT)
        .await
        .unwrap()
        .unwrap();
    assert!(settled.ambiguous.is_empty(), "{:?}", settled.ambiguous);
    assert_eq!(
        entity(&settled, "p-zhou-ting-2").mentions,
        vec!["周婷".to_string()]
    );
}

#[tokio::test]
async fn the_api_hides_tips_from_viewers_and_outside_a_scope() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;

    for path in ["/api/tips", "/api/tips/t-2017-001", "/api/tips?q=红图"] {
        let response = app.get(&app.viewer, path).await;
        assert_eq!(response.status(), 403, "{path}");
        let body = response.text().await.unwrap();
        assert!(!body.contains("红图") && !body.contains("东山村"), "{body}");
    }

    let response = app.get(&app.investigator, "/api/tips/t-2017-001").await;
    assert_eq!(response.status(), 200);
    let tip: serde_json::Value = response.json().await.unwrap();
    assert!(tip["text"].as_str().unwrap().contains("红图广告"));
    let paths = tip["paths"].to_string();
    assert!(paths.contains("王建国 —外甥女→ 赵丽"), "{paths}");

    let page: serde_json::Value = app
        .get(
            &app.investigator,
            "/api/tips?q=%E7%BA%A2%E5%9B%BE&per_page=10",
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["tips"][0]["id"], "t-2017-001");

    let unknown = app.get(&app.investigator, "/api/tips/t-nope").await;
    assert_eq!(unknown.status(), 404);

    // The audit log names the tip read (written in the background).
    let mut audited = false;
    for _ in 0..30 {
        let audit: serde_json::Value = app
            .get(&app.admin, "/api/audit?token=test-investigator")
            .await
            .json()
            .await
            .unwrap();
        audited = audit.as_array().unwrap().iter().any(|e| {
            e["route"] == "/api/tips/{id}" && e["entity_ids"] == serde_json::json!(["t-2017-001"])
        });
        if audited {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(audited, "the tip read is audited with its id");

    // A token scoped to 西湾社区 sees the tip naming it, not the one about 东山村.
    let issued = guanxi::tokens::create_scoped(
        &app.db.graph,
        "xiwan-investigator",
        Role::Investigator,
        Some(vec!["o-xiwan".to_string()]),
        None,
        "test",
    )
    .await
    .unwrap();
    let scoped = issued.secret;
    assert_eq!(app.get(&scoped, "/api/tips/t-2017-001").await.status(), 404);
    assert_eq!(app.get(&scoped, "/api/tips/t-2018-001").await.status(), 200);
    let page: serde_json::Value = app.get(&scoped, "/api/tips").await.json().await.unwrap();
    let ids: Vec<&str> = page["tips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"t-2018-001") && !ids.contains(&"t-2017-001"),
        "{ids:?}"
    );
}

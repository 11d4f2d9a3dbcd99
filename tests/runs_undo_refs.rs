//! `guanxi runs undo` and the ties a row's reference columns make (issue 14): a load that
//! gives a contract another supplier and changes a payment's amount keeps the payment's
//! unchanged payer and payee ties as they were (not deleted and made again as the run's
//! own), records the replaced supplier tie in the history (old and new supplier), and its
//! undo puts the old tie back with its properties, so the ties equal those the first load
//! made.

mod common;

use common::{clean_graph, column, load_and_scan_examples};
use guanxi::load::undo;
use guanxi::load::{load_dir, LoadOptions};
use guanxi::scan::runs::{Scanner, Trigger};
use guanxi::scan::ScanOptions;
use neo4rs::{query, Graph};

const CONTRACT: &str = "k-ds-ad-1";
const PAYMENT: &str = "pay-ds-clean-2016";

fn as_of() -> ScanOptions {
    ScanOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        ..Default::default()
    }
}

/// Every tie of the contract and the payment, with all its properties, as sorted text.
async fn ties(graph: &Graph) -> Vec<String> {
    let mut all: Vec<String> = column::<Vec<String>>(
        graph,
        query(
            "MATCH (a:Entity)-[r:AWARDED_BY|AWARDED_TO|APPROVED_BY|PAID|PAID_TO|HANDLED_BY|SETTLES]->(b:Entity) \
             WHERE a.id IN $ids OR b.id IN $ids \
             WITH a, r, b, [k IN keys(r) | k + '=' + toString(r[k])] AS props \
             RETURN [a.id + ' -' + type(r) + '-> ' + b.id] + props AS tie",
        )
        .param("ids", vec![CONTRACT, PAYMENT]),
        "tie",
    )
    .await
    .into_iter()
    .map(|mut tie| {
        tie[1..].sort();
        tie.join(" ")
    })
    .collect();
    all.sort();
    all
}

fn change_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("guanxi-undo-refs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let contracts = std::fs::read_to_string("examples/contracts.csv").unwrap();
    let payments = std::fs::read_to_string("examples/payments.csv").unwrap();
    let header = |text: &str| text.lines().next().unwrap().to_string();
    let line = |text: &str, id: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap()
            .to_string()
    };
    let contract = line(&contracts, CONTRACT).replace(",c-hongtu,", ",c-wangshi,");
    let payment = line(&payments, PAYMENT).replace("\"20,000.00\"", "\"21,000.00\"");
    assert!(contract.contains("c-wangshi") && payment.contains("21,000.00"));
    std::fs::write(
        dir.join("contracts.csv"),
        format!("{}\n{contract}\n", header(&contracts)),
    )
    .unwrap();
    std::fs::write(
        dir.join("payments.csv"),
        format!("{}\n{payment}\n", header(&payments)),
    )
    .unwrap();
    dir
}

#[tokio::test]
async fn a_replaced_reference_is_in_the_history_and_its_undo_puts_the_old_tie_back() {
    let db = clean_graph().await;
    let graph = db.graph.clone();
    load_and_scan_examples(&graph).await;
    let before = ties(&graph).await;
    assert!(
        before
            .iter()
            .any(|t| t.starts_with(&format!("{CONTRACT} -AWARDED_TO-> c-hongtu "))),
        "{before:#?}"
    );

    let dir = change_dir();
    let options = LoadOptions {
        report_dir: dir.join("reports"),
        ..LoadOptions::new(&dir)
    };
    let summary = load_dir(&graph, &options).await.expect("load");
    assert_eq!(summary.rejected(), 0);
    let change = summary.run;
    let after = ties(&graph).await;
    assert!(
        after
            .iter()
            .any(|t| t.starts_with(&format!("{CONTRACT} -AWARDED_TO-> c-wangshi "))),
        "{after:#?}"
    );
    assert!(
        !after.iter().any(|t| t.contains("-AWARDED_TO-> c-hongtu")),
        "the old supplier tie is replaced: {after:#?}"
    );
    // The payment's payer and payee did not change: their ties are the first load's still
    // (only their provenance moves to the row that asserted them again).
    let first_made: Vec<String> = column(
        &graph,
        query(
            "MATCH (p:Entity {id: $id})-[r:PAID_TO]->() \
             RETURN coalesce(r.first_load_run, '') AS run",
        )
        .param("id", PAYMENT),
        "run",
    )
    .await;
    assert_eq!(first_made.len(), 1);
    assert_ne!(first_made[0], change, "the payee tie was not made again");

    // The replaced tie is in the contract's history: the supplier column, old and new.
    let page = guanxi::history::entity_history(&graph, CONTRACT, None, 0, 50)
        .await
        .unwrap()
        .expect("the contract's history");
    let replaced = page
        .entries
        .iter()
        .find(|e| e.rel_type.as_deref() == Some("AWARDED_TO") && e.run == change)
        .unwrap_or_else(|| panic!("{:#?}", page.entries));
    assert_eq!(
        replaced.changes.get("supplier_id"),
        Some(&[Some("c-hongtu".to_string()), Some("c-wangshi".to_string())]),
        "{replaced:?}"
    );

    let scanner = Scanner::new(graph.clone(), std::sync::Arc::new(db.settings.clone()));
    undo::undo(&scanner, &change, "test", Trigger::Cli, as_of())
        .await
        .expect("undo");
    assert_eq!(
        ties(&graph).await,
        before,
        "the ties are the first load's again"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

//! The case report (issue 15) against the real Neo4j: a case made from the examples'
//! kin-supplier alert of the advertising company (the secretary's niece) gives a .docx whose
//! text holds the kin chain with 外甥女, the source rows with file and line, and a PNG of the
//! evidence graph; through the library, `guanxi case report` and
//! `GET /api/cases/{id}/report.docx`. A viewer's report carries the viewer's masks (the
//! niece's ID number and phone as the API masks them, no note text); a case outside a
//! scoped token's region is a 404.

mod common;

use std::io::Read;

use common::{column, load_and_scan_examples, spawn_app, TestApp};
use guanxi::domain::Role;
use guanxi::report::{self, Lang};
use guanxi::tokens;
use neo4rs::query;
use serde_json::{json, Value};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The text of word/document.xml (a paragraph a line, table cells separated by tabs) and
/// the names of the pictures in word/media/ with whether each is a PNG.
fn docx_text(bytes: &[u8]) -> (String, Vec<(String, bool)>) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a .docx is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    let mut media = Vec::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        if file.name().starts_with("word/media/") {
            let mut head = [0u8; 4];
            let png = file.read_exact(&mut head).is_ok() && head == [0x89, b'P', b'N', b'G'];
            media.push((file.name().to_string(), png));
        }
    }
    let xml = xml
        .replace("</w:p></w:tc>", "\t")
        .replace("</w:tc>", "\t")
        .replace("</w:tr>", "\n")
        .replace("</w:p>", "\n");
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    (text, media)
}

/// The kin-supplier alert about the advertising company (the first by id).
async fn hongtu_alert(app: &TestApp) -> String {
    let ids: Vec<String> = column(
        &app.db.graph,
        query(
            "MATCH (a:Alert {pattern: 'kin-supplier'})-[:CONCERNS]->(:Company {id: 'c-hongtu'})
             RETURN a.id AS id ORDER BY id LIMIT 1",
        ),
        "id",
    )
    .await;
    assert_eq!(
        ids.len(),
        1,
        "the examples raise a kin-supplier alert on 红图广告"
    );
    ids[0].clone()
}

/// The niece's ID number, phone and address as stored.
async fn niece_identifiers(app: &TestApp) -> (String, String, String) {
    let rows: Vec<Vec<String>> = column(
        &app.db.graph,
        query("MATCH (p:Person {id: 'p-zhao-li'}) RETURN [p.id_number, p.phone, p.address] AS ids"),
        "ids",
    )
    .await;
    (rows[0][0].clone(), rows[0][1].clone(), rows[0][2].clone())
}

async fn report_of(app: &TestApp, token: &str, path: &str) -> (u16, Vec<u8>, String, String) {
    let response = app.get(token, path).await;
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (content_type, disposition) = (header("content-type"), header("content-disposition"));
    let body = response.bytes().await.unwrap().to_vec();
    (status, body, content_type, disposition)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_holds_the_kin_chain_the_source_rows_and_the_graph_masked_per_role() {
    let app = spawn_app().await;
    load_and_scan_examples(&app.db.graph).await;
    let alert = hongtu_alert(&app).await;
    let inv = app.investigator.clone();
    let create = json!({"title": "东山村广告业务垄断", "assignee": "李四",
                        "deadline": "2026-12-31", "alerts": [alert], "tips": ["t-2017-001"]});
    let created = app.post(&inv, "/api/cases", create).await;
    assert_eq!(created.status(), 201);
    let case: Value = created.json().await.unwrap();
    let id = case["id"].as_str().unwrap().to_string();
    let note = app
        .post(
            &inv,
            &format!("/api/cases/{id}/notes"),
            json!({"text": "调取工商登记"}),
        )
        .await;
    assert_eq!(note.status(), 200);
    let (id_number, phone, address) = niece_identifiers(&app).await;
    let tip_text = case["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "tip")
        .and_then(|i| i["label"].as_str())
        .expect("the tip's text labels it")
        .to_string();

    // The investigator's report, through the API.
    let path = format!("/api/cases/{id}/report.docx");
    let (status, body, content_type, disposition) = report_of(&app, &inv, &path).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert_eq!(content_type, DOCX);
    assert!(
        disposition.starts_with("attachment") && disposition.contains(&format!("{id}.docx")),
        "{disposition}"
    );
    let (text, media) = docx_text(&body);
    assert!(
        text.contains("王建国 —外甥女→ 赵丽 —法定代表人、股东→ 青溪县红图广告有限公司"),
        "{text}"
    );
    for (file, line) in [
        ("people.csv", 13),
        ("companies.csv", 1),
        ("company_roles.csv", 1),
    ] {
        assert!(
            text.contains(&format!("{file}\t{line}\t")),
            "{file}:{line} in\n{text}"
        );
    }
    assert!(
        text.contains("东山村广告业务垄断") && text.contains("李四"),
        "{text}"
    );
    assert!(
        text.contains("调取工商登记"),
        "the investigator reads the notes"
    );
    for whole in [&id_number, &phone, &address, &tip_text] {
        assert!(text.contains(whole.as_str()), "{whole} in\n{text}");
    }
    assert!(
        media
            .iter()
            .any(|(name, png)| name.ends_with(".png") && *png),
        "a PNG of the evidence graph: {media:?}"
    );

    // English on request; an unknown language is refused.
    let (status, body, _, _) = report_of(&app, &inv, &format!("{path}?lang=en")).await;
    assert_eq!(status, 200);
    let (english, _) = docx_text(&body);
    assert!(english.contains("Case report") && english.contains("Source rows"));
    assert!(
        english.contains("王建国 —sister's daughter→ 赵丽"),
        "{english}"
    );
    let (status, _, _, _) = report_of(&app, &inv, &format!("{path}?lang=fr")).await;
    assert_eq!(status, 400);

    // A viewer's report: the viewer's masks, no note text.
    let (status, body, content_type, _) = report_of(&app, &app.viewer, &path).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert_eq!(content_type, DOCX);
    let (masked, _) = docx_text(&body);
    assert!(masked.contains("外甥女"), "{masked}");
    for secret in [&id_number, &phone, &address, &tip_text, "调取工商登记"] {
        assert!(!masked.contains(secret), "{secret} in the viewer's report");
    }
    assert!(masked.contains(&guanxi::views::mask_id_number(&id_number)));
    assert!(masked.contains(&guanxi::views::mask_phone(&phone)));

    // Audited like every read, the viewer's too.
    let mut audited = false;
    for _ in 0..50 {
        let filter = guanxi::audit::AuditFilter {
            token: Some("test-viewer".into()),
            page: 1,
            per_page: 50,
        };
        let entries = guanxi::audit::list(&app.db.graph, &filter).await.unwrap();
        audited = entries
            .iter()
            .any(|e| e.route == "/api/cases/{id}/report.docx" && e.status == 200);
        if audited {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(audited, "the viewer's report is in the audit log");

    // A region that sees none of the case: absent.
    let lianhua = tokens::create_scoped(
        &app.db.graph,
        "lianhua-inv",
        Role::Investigator,
        Some(vec!["o-lianhua".to_string()]),
        None,
        "test",
    )
    .await
    .unwrap()
    .secret;
    let (status, _, _, _) = report_of(&app, &lianhua, &path).await;
    assert_eq!(status, 404);
    let (status, _, _, _) = report_of(&app, &inv, "/api/cases/C-1999-0001/report.docx").await;
    assert_eq!(status, 404);

    // The library and the command line write the same contents.
    let bytes = report::case_report(&app.db.graph, &id, None, Role::Investigator, Lang::Zh)
        .await
        .unwrap();
    assert!(docx_text(&bytes).0.contains("—外甥女→"));
    let out = std::env::temp_dir().join(format!("guanxi-report-{}.docx", std::process::id()));
    let cli = common::guanxi(&[
        "case",
        "report",
        &id,
        "--out",
        out.to_str().unwrap(),
        "--as",
        "viewer",
    ]);
    assert!(cli.status.success(), "{}", common::text(&cli));
    let (from_cli, media) = docx_text(&std::fs::read(&out).unwrap());
    std::fs::remove_file(&out).ok();
    assert!(from_cli.contains("—外甥女→") && from_cli.contains("people.csv\t13\t"));
    assert!(!from_cli.contains(&id_number) && !from_cli.contains(&phone));
    assert!(!media.is_empty());
    let missing = common::guanxi(&["case", "report", "C-1999-0001", "--out", "/tmp/x.docx"]);
    assert!(!missing.status.success());
}

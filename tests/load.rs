//! The loader against the real Neo4j: every table, value forms, rejections with their lines,
//! GB18030 and xlsx input, idempotent reloads, identity links.

mod common;

use std::path::{Path, PathBuf};

use common::{clean_graph, column};
use guanxi::load::source::Encoding;
use guanxi::load::{load_dir, LoadOptions, LoadSummary};
use neo4rs::{query, Graph};

fn examples() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("guanxi-load-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn options(dir: &Path) -> LoadOptions {
    let mut options = LoadOptions::new(dir);
    options.report_dir = dir.join("reports");
    options.batch_size = 7; // several batches even on small files
    options
}

async fn count(graph: &Graph, cypher: &str) -> i64 {
    column::<i64>(graph, query(cypher), "n").await[0]
}

fn table<'a>(summary: &'a LoadSummary, name: &str) -> &'a guanxi::load::TableSummary {
    summary.tables.iter().find(|t| t.table == name).unwrap()
}

#[tokio::test]
async fn examples_load_every_table_without_rejects_and_reload_changes_nothing() {
    let test = clean_graph().await;
    let dir = examples();
    let first = load_dir(&test.graph, &options(&dir)).await.unwrap();
    assert_eq!(first.rejected(), 0, "{:?}", first.rejects);
    assert_eq!(
        first.tables.len(),
        10,
        "every table of the contract is in examples/"
    );
    for t in &first.tables {
        assert!(t.read > 0 && t.loaded == t.read, "{t:?}");
    }
    let g = &test.graph;
    assert_eq!(
        count(g, "MATCH (n:Person) RETURN count(n) AS n").await as u64,
        table(&first, "people").loaded
    );
    assert_eq!(
        count(g, "MATCH (n:Official) RETURN count(DISTINCT n) AS n").await,
        18
    );
    assert_eq!(
        count(g, "MATCH ()-[r:HOLDS_POST]->() RETURN count(r) AS n").await as u64,
        table(&first, "positions").loaded
    );
    assert_eq!(
        count(g, "MATCH ()-[r:BID_ON]->() RETURN count(r) AS n").await as u64,
        table(&first, "bids").loaded
    );
    assert_eq!(
        count(
            g,
            "MATCH (:Contract)-[r:AWARDED_BY]->(:Org) RETURN count(r) AS n"
        )
        .await as u64,
        table(&first, "contracts").loaded
    );
    assert_eq!(
        count(
            g,
            "MATCH ()-[r:PAID]->(:Payment)-[:PAID_TO]->() RETURN count(r) AS n"
        )
        .await as u64,
        table(&first, "payments").loaded
    );
    // Provenance on nodes and relationships.
    assert_eq!(count(g, "MATCH (n:Entity) WHERE n.source_file IS NULL OR n.source_line IS NULL OR n.load_run IS NULL RETURN count(n) AS n").await, 0);
    assert_eq!(count(g, "MATCH ()-[r]->() WHERE NOT type(r) IN ['SAME_AS', 'POSSIBLY_SAME_AS'] AND r.source_file IS NULL RETURN count(r) AS n").await, 0);
    // Value forms: 2.5万 and 20,000.00 become yuan; 父亲 becomes a PARENT_OF tie.
    assert_eq!(count(g, "MATCH (:Person {id: 'p-wang-laogen'})-[:PARENT_OF]->(:Person {id: 'p-wang-jianguo'}) RETURN count(*) AS n").await, 1);
    // The niece's two records (household registry, company registry) share an ID number.
    assert_eq!(count(g, "MATCH (:Person {id: 'p-zhao-li'})-[r:SAME_AS {basis: 'id_number'}]-(:Person {id: 'p-zhao-li-reg'}) RETURN count(r) AS n").await, 1);
    // The same name with another birth date is not the same person.
    assert_eq!(count(g, "MATCH (a:Person)-[:SAME_AS]-(b:Person) WHERE a.name_norm = b.name_norm AND a.birth_date <> b.birth_date RETURN count(*) AS n").await, 0);

    let nodes = count(g, "MATCH (n) RETURN count(n) AS n").await;
    let rels = count(g, "MATCH ()-[r]->() RETURN count(r) AS n").await;
    let second = load_dir(&test.graph, &options(&dir)).await.unwrap();
    assert_eq!(second.rejected(), 0);
    assert_eq!(
        count(g, "MATCH (n) RETURN count(n) AS n").await,
        nodes + 1,
        "only the new LoadRun node"
    );
    assert_eq!(
        count(g, "MATCH ()-[r]->() RETURN count(r) AS n").await,
        rels
    );
    // Unchanged rows are not rewritten: every entity still names the first run.
    let runs: Vec<String> = column(
        g,
        query("MATCH (n:Entity) RETURN DISTINCT n.load_run AS run"),
        "run",
    )
    .await;
    assert_eq!(runs, vec![first.run.clone()]);
}

const PEOPLE_HEADER: &str = "id,name,gender,birth_date,id_number,phone,address,nickname\n";

#[tokio::test]
async fn bad_rows_are_rejected_with_file_line_column_and_reason_and_the_rest_loads() {
    let test = clean_graph().await;
    let dir = scratch("rejects");
    std::fs::write(
        dir.join("people.csv"),
        format!(
            "{PEOPLE_HEADER}\
             p-1,王建国,男,1965年3月8日,110105194912310029,138 0000 0001,青溪县一号,老王\n\
             p-2,李梅,F,1970-02-30,,,,\n\
             p-3,,M,1970-01-01,,,,\n\
             p-4,张三,X,1970-01-01,,,,\n\
             p-5,赵六,M,19700101,110105194912310021,,,\n\
             p-1,王建国,M,1965-03-08,,,,\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("orgs.csv"),
        "id,name,kind,parent_id,region\no-1,东山村,village,o-2,青溪\no-2,枫林镇,街道,,青溪\no-3,西山村,hamlet,o-2,青溪\no-4,南山村,village,o-9,青溪\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("kinship.csv"),
        "person_id,relative_id,relation\np-1,p-5,哥哥\np-1,p-5,cousin\np-1,p-1,spouse\np-1,p-2,spouse\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("contracts.csv"),
        "id,buyer_id,title,category,amount,method,required_qualification,published_on,awarded_on,supplier_id,approver_id\n\
         k-1,o-1,修路,construction,2.5万,公开招标,三级,2020/1/2,2020.02.03,p-5,p-1\n\
         k-2,o-1,修桥,construction,-5,open,,,,,\n\
         k-3,p-1,修渠,construction,100,open,,,,,\n\
         k-4,o-1,修井,construction,100,lottery,grade 9,,,,\n",
    )
    .unwrap();
    let summary = load_dir(&test.graph, &options(&dir)).await.unwrap();

    let reasons: Vec<(String, u64, String, String)> = summary
        .rejects
        .iter()
        .map(|f| (f.file.clone(), f.line, f.column.clone(), f.reason.clone()))
        .collect();
    let has = |file: &str, line: u64, column: &str, needle: &str| {
        assert!(
            reasons
                .iter()
                .any(|(f, l, c, r)| f == file && *l == line && c == column && r.contains(needle)),
            "expected {file}:{line} {column} ~ {needle:?} in {reasons:#?}"
        )
    };
    has("people.csv", 3, "birth_date", "no such date");
    has("people.csv", 4, "name", "required value is empty");
    has("people.csv", 5, "gender", "");
    has("people.csv", 7, "id", "duplicate id p-1");
    has("orgs.csv", 4, "kind", "");
    has("orgs.csv", 5, "parent_id", "o-9: no such id");
    has("kinship.csv", 3, "relation", "");
    has("kinship.csv", 4, "relation", "own relative");
    has("kinship.csv", 5, "relative_id", "rejected in this load");
    has("contracts.csv", 3, "amount", "negative");
    has("contracts.csv", 4, "buyer_id", "is a Person, expected Org");
    has("contracts.csv", 5, "method", "");
    has("contracts.csv", 5, "required_qualification", "");
    // Rejected rows are in the rejects file, with the row itself.
    let report = std::fs::read_to_string(summary.rejects_path.as_ref().unwrap()).unwrap();
    assert!(report.contains("p-4,张三,X"), "{report}");
    // Warnings: the unknown column (once) and the invalid ID number (the row still loads).
    let warnings: Vec<String> = summary
        .warnings
        .iter()
        .map(|w| format!("{}:{} {} {}", w.file, w.line, w.column, w.reason))
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("people.csv:1 nickname unknown column")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("people.csv:6 id_number")),
        "{warnings:?}"
    );
    assert_eq!(
        warnings.iter().filter(|w| w.contains("nickname")).count(),
        1
    );

    let g = &test.graph;
    let ids: Vec<String> = column(
        g,
        query("MATCH (n:Entity) RETURN n.id AS id ORDER BY id"),
        "id",
    )
    .await;
    assert_eq!(ids, vec!["k-1", "o-1", "o-2", "p-1", "p-5"]);
    // Accepted value forms became typed values.
    let amount: Vec<f64> = column(
        g,
        query("MATCH (k:Contract {id: 'k-1'}) RETURN k.amount AS n"),
        "n",
    )
    .await;
    assert_eq!(amount, vec![25000.0]);
    let grade: Vec<String> = column(g, query("MATCH (k:Contract {id: 'k-1'}) RETURN k.required_qualification + '/' + k.method + '/' + toString(k.awarded_on) AS n"), "n").await;
    assert_eq!(grade, vec!["3/open/2020-02-03"]);
    let person: Vec<String> = column(g, query("MATCH (p:Person {id: 'p-1'}) RETURN p.gender + '/' + toString(p.birth_date) + '/' + p.phone AS n"), "n").await;
    assert_eq!(person, vec!["male/1965-03-08/13800000001"]);
    let kind: Vec<String> = column(
        g,
        query("MATCH (o:Org {id: 'o-2'}) RETURN o.kind AS n"),
        "n",
    )
    .await;
    assert_eq!(kind, vec!["town"]);
    // 哥哥: p-5 is p-1's older brother.
    let older: Vec<String> = column(g, query("MATCH (:Person {id: 'p-1'})-[r:SIBLING_OF]-(:Person {id: 'p-5'}) RETURN r.older_id AS n"), "n").await;
    assert_eq!(older, vec!["p-5"]);
    // The invalid ID number is kept aside and never used to link.
    let invalid: Vec<String> = column(
        g,
        query("MATCH (p:Person {id: 'p-5'}) RETURN p.id_number_invalid AS n"),
        "n",
    )
    .await;
    assert_eq!(invalid, vec!["110105194912310021"]);
}

#[tokio::test]
async fn gb18030_and_xlsx_files_load() {
    let test = clean_graph().await;
    let dir = scratch("encodings");
    let text = "id,name,gender,birth_date\r\np-gb,欧阳娜娜,女,1990年1月2日\r\n";
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    std::fs::write(dir.join("people.csv"), &bytes).unwrap();

    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, header) in ["id", "name", "kind", "parent_id", "region"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "o-x").unwrap();
    sheet.write_string(1, 1, "北塘村").unwrap();
    sheet.write_string(1, 2, "村").unwrap();
    sheet.write_string(1, 4, "石桥").unwrap();
    sheet.write_number(2, 0, 42).unwrap(); // a numeric id cell
    sheet.write_string(2, 1, "莲花村").unwrap();
    sheet.write_string(2, 2, "village").unwrap();
    workbook.save(dir.join("orgs.xlsx")).unwrap();

    let summary = load_dir(&test.graph, &options(&dir)).await.unwrap();
    assert_eq!(summary.rejected(), 0, "{:?}", summary.rejects);
    assert_eq!(table(&summary, "people").encoding, "GB18030");
    assert_eq!(table(&summary, "orgs").encoding, "xlsx");
    let names: Vec<String> = column(
        &test.graph,
        query("MATCH (n:Entity) RETURN n.id + ':' + n.name AS n ORDER BY n"),
        "n",
    )
    .await;
    assert_eq!(names, vec!["42:莲花村", "o-x:北塘村", "p-gb:欧阳娜娜"]);
}

#[tokio::test]
async fn malformed_files_are_clear_errors_naming_file_and_line() {
    let test = clean_graph().await;
    let dir = scratch("malformed");
    std::fs::write(
        dir.join("people.csv"),
        "id,name,gender\np-1,王一,M\np-2,\"王二,M\np-3,王三,M\np-4,王四,M\n",
    )
    .unwrap();
    let mut bytes = b"id,name,kind\no-1,".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, 0xff]);
    bytes.extend_from_slice(b",village\n");
    std::fs::write(dir.join("orgs.csv"), &bytes).unwrap();
    let mut options = options(&dir);
    options.encoding = Encoding::Utf8;
    let summary = load_dir(&test.graph, &options).await.unwrap();
    let people = table(&summary, "people");
    let error = people.error.as_deref().unwrap_or_default();
    assert!(
        error.contains("people.csv:3") && error.contains("broken quoting"),
        "{people:?}"
    );
    assert_eq!(
        people.loaded, 1,
        "the row before the broken quote still loads"
    );
    let orgs = table(&summary, "orgs");
    assert_eq!(orgs.rejected, 1);
    assert!(
        summary
            .rejects
            .iter()
            .any(|r| r.file == "orgs.csv" && r.line == 2 && r.reason.contains("UTF-8")),
        "{:?}",
        summary.rejects
    );
}

#[tokio::test]
async fn identity_links_certain_by_name_and_birth_date_and_possible_by_similar_name() {
    let test = clean_graph().await;
    let dir = scratch("identity");
    std::fs::write(
        dir.join("people.csv"),
        "id,name,gender,birth_date,id_number,phone,address\n\
         h-1,李 明,M,1980-05-06,,13900000001,\n\
         r-1,李明,M,1980-05-06,,,\n\
         h-2,陈小红,F,1985-01-01,,13900000002,\n\
         r-2,陈晓红,F,,,13900000002,\n\
         h-3,李明,M,1990-09-09,,,\n\
         h-4,王芳,F,1970-01-01,,,石桥镇1号\n\
         h-5,王建,M,1968-01-01,,,石桥镇1号\n\
         h-6,赵刚,M,1975-03-03,,13900000006,\n\
         r-6,赵刚,M,,,13900000006,\n\
         h-7,孙伟,M,,11010519491231002X,13900000007,\n\
         r-7,孙玮,M,,11010519491231002X,13900000007,\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("companies.csv"),
        "id,name,credit_code\nc-1,青溪红图广告,91350100M000100Y43\nc-2,红图广告有限公司,91350100M000100Y43\n",
    )
    .unwrap();
    let summary = load_dir(&test.graph, &options(&dir)).await.unwrap();
    assert_eq!(summary.rejected(), 0, "{:?}", summary.rejects);
    let g = &test.graph;
    let certain: Vec<String> = column(
        g,
        query(
            "MATCH (a)-[r:SAME_AS]->(b) RETURN a.id + '=' + b.id + ':' + r.basis AS n ORDER BY n",
        ),
        "n",
    )
    .await;
    assert_eq!(
        certain,
        vec![
            "c-1=c-2:credit_code",
            "h-1=r-1:name_birth_date",
            "h-7=r-7:id_number"
        ]
    );
    let possible: Vec<String> = column(g, query("MATCH (a)-[r:POSSIBLY_SAME_AS]->(b) RETURN a.id + '~' + b.id + ':' + r.status AS n ORDER BY n"), "n").await;
    assert_eq!(
        possible,
        vec!["h-2~r-2:pending", "h-6~r-6:pending"],
        "same name with an unknown birth date (h-6, r-6) is possible; same name other birth \
         date (h-3) and family at one address (h-4, h-5) stay apart; a certain pair (h-7, r-7) \
         is not also possible"
    );
    let reason: Vec<String> = column(
        g,
        query("MATCH ()-[r:POSSIBLY_SAME_AS]->() RETURN r.reason AS n"),
        "n",
    )
    .await;
    assert!(
        reason.iter().all(|r| r.contains("shared phone")),
        "{reason:?}"
    );
    assert_eq!(summary.identity.certain_person_links, 2);
    assert_eq!(summary.identity.certain_company_links, 1);
    assert_eq!(summary.identity.possible_links, 2);
}

#[tokio::test]
async fn warming_up_the_ingest_path_writes_nothing() {
    let test = clean_graph().await;
    common::load_and_scan_examples(&test.graph).await;
    let state = |graph: Graph| async move {
        (
            count(&graph, "MATCH (n) RETURN count(n) AS n").await,
            count(&graph, "MATCH ()-[r]->() RETURN count(r) AS n").await,
            column::<String>(
                &graph,
                query("MATCH (a:Alert) RETURN a.id + ' ' + a.last_scan + ' ' + toString(a.last_seen) AS n ORDER BY n"),
                "n",
            )
            .await,
        )
    };
    let before = state(test.graph.clone()).await;
    guanxi::ingest::warm_up(&test.graph).await.unwrap();
    assert_eq!(before, state(test.graph.clone()).await);
}

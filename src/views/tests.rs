//! Unit tests of the view rules (`crate::views`): every shape, nested objects, arrays,
//! numbers as values, unknown keys dropped, and free text scrubbed.

use serde_json::json;

use super::*;

const ID: &str = "11010519491231002X";
const ID_MASKED: &str = "110105********002X";

fn viewed(shape: Shape, mut value: Value) -> Value {
    apply(Role::Viewer, shape, &mut value);
    value
}

#[test]
fn investigators_and_admins_read_everything() {
    let original = json!({"kind": "Person", "properties": {"id_number": ID, "address": "3组12号"},
                          "secret_new_key": 1});
    for role in [Role::Investigator, Role::Admin] {
        let mut value = original.clone();
        apply(role, Shape::Entity, &mut value);
        assert_eq!(value, original);
    }
}

#[test]
fn a_person_page_shows_only_listed_properties_masked() {
    let page = viewed(
        Shape::Entity,
        json!({
            "id": "p-1", "kind": "Person", "name": "王建国", "labels": ["Entity", "Person"],
            "age": 76,
            "properties": {
                "id": "p-1", "name": "王建国", "id_number": ID, "id_number_invalid": "1101051949123",
                "phone": 13857520101_u64, "phone_invalid": "138575", "birth_date": "1949-12-31",
                "address": "青溪县枫林镇东山村3组12号", "address_norm": "东山村3组12号",
                "home_address_2": "x", "legal_rep_phone": "13857520101", "row_hash": "abc",
                "source_line": 4
            },
            "provenance": {"source_file": "people.csv", "source_line": 4, "extra": "x"},
            "positions": [{"org_id": "o-1", "title": "书记", "note": "x"}],
            "alerts": [{"id": "al-1", "summary_zh": format!("身份证{ID}"), "facts": {}}]
        }),
    );
    let props = &page["properties"];
    assert_eq!(props["id_number"], ID_MASKED);
    assert_eq!(props["id_number_invalid"], "110105***9123");
    assert_eq!(props["phone"], "*******0101", "a number is masked too");
    assert_eq!(props["phone_invalid"], "**8575");
    assert_eq!(props["birth_date"], "1949");
    assert_eq!(props["source_line"], 4);
    for dropped in [
        "address",
        "address_norm",
        "home_address_2",
        "legal_rep_phone",
        "row_hash",
    ] {
        assert!(props.get(dropped).is_none(), "{dropped}: {page}");
    }
    assert!(page.get("age").is_none(), "{page}");
    assert!(page["provenance"].get("extra").is_none());
    assert_eq!(
        page["positions"],
        json!([{"org_id": "o-1", "title": "书记"}])
    );
    assert_eq!(
        page["alerts"],
        json!([{"id": "al-1", "summary_zh": format!("身份证{ID_MASKED}")}])
    );
    assert_eq!(page["labels"], json!(["Entity", "Person"]));
}

#[test]
fn every_entity_kind_has_its_own_list() {
    let props = |kind: &str, properties: Value| {
        viewed(
            Shape::Entity,
            json!({"kind": kind, "properties": properties}),
        )["properties"]
            .clone()
    };
    assert_eq!(
        props(
            "Tip",
            json!({"id": "t-1", "received_on": "2017-07-03", "text": "举报……", "subject_ids": ["p-1"]})
        ),
        json!({"id": "t-1", "received_on": "2017-07-03", "subject_ids": ["p-1"]})
    );
    assert_eq!(
        props(
            "Company",
            json!({"id": "c-1", "phone": "057587120301", "address": "文化路68号", "credit_code": "91330698MA2B7HT01M"})
        ),
        json!({"id": "c-1", "phone": "********0301", "credit_code": "91330698MA2B7HT01M"})
    );
    assert_eq!(
        props(
            "Org",
            json!({"id": "o-1", "kind": "village", "region": "青溪县", "address": "x"})
        ),
        json!({"id": "o-1", "kind": "village", "region": "青溪县"})
    );
    assert_eq!(
        props(
            "Contract",
            json!({"id": "k-1", "title": "工程", "amount": 38000.0, "memo": "x"})
        ),
        json!({"id": "k-1", "title": "工程", "amount": 38000.0})
    );
    assert_eq!(
        props(
            "Payment",
            json!({"id": "pay-1", "purpose": "劳务费 13857520101", "amount": 1.0, "payee_account": "6222"})
        ),
        json!({"id": "pay-1", "purpose": "劳务费 *******0101", "amount": 1.0})
    );
    assert_eq!(
        props("Alien", json!({"id": "x-1", "name": "?"})),
        json!({"id": "x-1"})
    );
}

#[test]
fn nested_arrays_and_objects_where_scalars_belong_are_dropped() {
    let page = viewed(
        Shape::Entity,
        json!({"kind": "Person", "properties": {"id_number": [ID, {"raw": ID}], "phone": {"raw": "13857520101"}},
               "name": {"zh": "王"}}),
    );
    assert_eq!(page["properties"], json!({"id_number": [ID_MASKED]}));
    assert!(page.get("name").is_none());
}

#[test]
fn search_neighbourhood_and_paths_keep_their_lists() {
    let hits = viewed(
        Shape::Search,
        json!([{"id": "p-1", "kind": "Person", "name": "王", "score": 1.0, "matched": "name",
                "context": "电话13857520101", "id_number": ID}]),
    );
    assert_eq!(
        hits,
        json!([{"id": "p-1", "kind": "Person", "name": "王", "score": 1.0, "matched": "name",
                 "context": "电话*******0101"}])
    );
    let hood = viewed(
        Shape::Neighborhood,
        json!({"center": "p-1", "nodes": [{"id": "p-1", "kind": "Person", "name": "王", "phone": "1"}],
               "edges": [{"source": "p-1", "target": "t-1", "type": "ABOUT", "text": "举报"}],
               "truncated": false}),
    );
    assert_eq!(
        hood,
        json!({"center": "p-1", "nodes": [{"id": "p-1", "kind": "Person", "name": "王"}],
               "edges": [{"source": "p-1", "target": "t-1", "type": "ABOUT"}], "truncated": false})
    );
    let paths = viewed(
        Shape::Paths,
        json!({"from": "a", "to": "b", "paths": [{"length": 1, "nodes": [{"id": "a", "address": "x"}],
               "steps": [{"from": "a", "to": "b", "type": "T", "note": "x"}], "text_zh": "a —→ b"}]}),
    );
    assert_eq!(
        paths,
        json!({"from": "a", "to": "b", "paths": [{"length": 1, "nodes": [{"id": "a"}],
               "steps": [{"from": "a", "to": "b", "type": "T"}], "text_zh": "a —→ b"}]})
    );
}

#[test]
fn alerts_lose_triage_notes_unknown_facts_and_quoted_identifiers() {
    let alert = viewed(
        Shape::Alert,
        json!({
            "id": "al-1", "summary": {"zh": "甲与乙登记电话相同（057587120301）；甲与乙登记地址相同（青溪县文化路68号）",
                                      "en": "A and B share the phone 057587120301; A and B share the address 68 Wenhua Rd."},
            "facts": {"ties_zh": "登记地址相同（文化路68号）", "address": "文化路68号", "phone": "13857520101",
                      "amount": 1000.0, "kinds": ["phone", "address"]},
            "evidence": {"nodes": [{"id": "p-1", "label": "Person", "name": "王", "phone": "1"}],
                         "relationships": [{"type": "SAME_AS", "from": "p-1", "to": "p-2", "label": "id_number"}]},
            "history": [{"at": "2026", "by": "inv", "from": "new", "status": "dismissed", "note": "王家住3组"}],
            "status": "dismissed"
        }),
    );
    assert_eq!(
        alert["summary"]["zh"],
        "甲与乙登记电话相同（********0301）；甲与乙登记地址相同（***）"
    );
    assert_eq!(
        alert["summary"]["en"],
        "A and B share the phone ********0301; A and B share the address ***."
    );
    assert_eq!(
        alert["facts"],
        json!({"ties_zh": "登记地址相同（***）", "amount": 1000.0, "kinds": ["phone", "address"]})
    );
    assert_eq!(
        alert["evidence"]["nodes"],
        json!([{"id": "p-1", "label": "Person", "name": "王"}])
    );
    assert_eq!(
        alert["history"],
        json!([{"at": "2026", "by": "inv", "from": "new", "status": "dismissed"}])
    );
    let list = viewed(
        Shape::AlertList,
        json!({"total": 1, "alerts": [{"id": "al-1", "summary": {"zh": ID}, "facts": {}}]}),
    );
    assert_eq!(
        list,
        json!({"total": 1, "alerts": [{"id": "al-1", "summary": {"zh": ID_MASKED}}]})
    );
}

#[test]
fn portraits_review_items_scan_runs_and_problems() {
    let portrait = viewed(
        Shape::Portrait,
        json!([{"org": "o-1", "dimensions": [{"key": "k", "indicators": {"tips": 2.0, "tip_text": "x"}, "why": "x"}]}]),
    );
    assert_eq!(
        portrait,
        json!([{"org": "o-1", "dimensions": [{"key": "k", "indicators": {"tips": 2.0}}]}])
    );
    let review = viewed(
        Shape::IdentityReview,
        json!({"total": 1, "candidates": [{"a": {"id": "p-1", "id_number": ID, "birth_date": "19491231",
               "address": "x", "phone": "13857520101"}, "b": {"id": "p-2"}, "note": "x",
               "history": [{"by": "inv", "note": "x"}]}]}),
    );
    assert_eq!(
        review,
        json!({"total": 1, "candidates": [{"a": {"id": "p-1", "id_number": ID_MASKED, "birth_date": "1949",
                "phone": "*******0101"}, "b": {"id": "p-2"}, "history": [{"by": "inv"}]}]})
    );
    let run = viewed(
        Shape::ScanRun,
        json!({"id": "r-1", "status": "failed", "error": "Neo4j said", "requested_by": "ann"}),
    );
    assert_eq!(run, json!({"id": "r-1", "status": "failed"}));
    let problem = viewed(
        Shape::Problem,
        json!({"status": 404, "detail": format!("no entity {ID}"), "trace": "x"}),
    );
    assert_eq!(
        problem,
        json!({"status": 404, "detail": format!("no entity {ID_MASKED}")})
    );
    let document = json!({"anything": ID});
    assert_eq!(viewed(Shape::Document, document.clone()), document);
}

#[test]
fn free_text_masks_identifier_shaped_digit_runs_and_keeps_dates_and_amounts() {
    assert_eq!(
        scrub_text(&format!(
            "号码{ID}与330698196204182136，15位110105491231002"
        )),
        format!("号码{ID_MASKED}与330698********2136，15位110105*****1002")
    );
    assert_eq!(
        scrub_text("2016-04-05至2016-05-20共177,500元，21.35万元，电话0575-87120301"),
        "2016-04-05至2016-05-20共177,500元，21.35万元，电话*********0301"
    );
    assert_eq!(scrub_text("生于19491231"), "生于1949****");
    assert_eq!(birth_year("1949/12/31"), "1949");
    assert_eq!(birth_year("unknown"), "*******");
}

#[test]
fn one_id_number_is_masked_the_same_everywhere() {
    let in_property = mask_id_number(ID);
    let in_text = scrub_text(ID);
    let as_number = viewed(
        Shape::Entity,
        json!({"kind": "Person", "properties": {"id_number": 110105194912310021_u64}}),
    );
    assert_eq!(in_property, in_text);
    assert_eq!(as_number["properties"]["id_number"], "110105********0021");
    assert_eq!(mask_phone("13857520101"), "*******0101");
}

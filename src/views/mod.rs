//! What each role may read: per role, an explicit allow-list of fields per kind of answer
//! (entity pages and their node properties per entity kind, search hits, neighbourhoods,
//! paths, alerts with evidence, facts and triage history, portraits, identity-review items,
//! scan runs, problems) and how each allowed field is shown. Investigators and admins read
//! everything; a viewer reads only what is listed here, and anything else is dropped, so a
//! field added later stays hidden until someone decides viewers may read it.
//!
//! Viewers (need-to-know, 最小知悉范围): ID numbers as first 6 + last 4 characters (the 8
//! hidden digits are the birth date, so birth dates show their year only and no age is
//! sent), phones as their last 4, no addresses, no tip texts (a tip shows its id, date and
//! subjects), no triage notes. Every ID number goes through the one function
//! [`mask_id_number`] wherever it sits (a property, an `*_invalid` raw value, a number, an
//! array element, a digit run inside a summary), so two answers never mask the same number
//! differently and cannot be combined to rebuild it. The HTTP layer applies [`apply`] to
//! every JSON answer to a viewer; exports can apply it to what they write.

use serde_json::{Map, Value};

use crate::domain::Role;

mod kinds;
mod masks;

pub use masks::{birth_year, mask_id_number, mask_phone, scrub_text};

/// The kinds of answer a role's view is defined for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An entity page (`explore::EntityPage`): its node properties follow its `kind`.
    Entity,
    /// A list of search hits.
    Search,
    /// A neighbourhood: nodes and edges.
    Neighborhood,
    /// Paths between two entities.
    Paths,
    /// A page of the alert list.
    AlertList,
    /// One alert with its evidence, facts and history.
    Alert,
    /// One org's portrait, or a list of them.
    Portrait,
    /// A page of identity-review candidates.
    IdentityReview,
    /// A scan run's record (or the answer that one started).
    ScanRun,
    /// The overview: counts, org names, kinds and risk levels (no person).
    Overview,
    /// The regions present: a list of region names.
    Regions,
    /// The caller's own saved inbox filters.
    Filters,
    /// A timeline (`timeline::Timeline`): its events without their free text.
    Timeline,
    /// A problem+json error.
    Problem,
    /// A document about the software, not the data (pattern catalogue, OpenAPI): whole.
    Document,
}

/// How an allowed field is shown to the role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Show {
    /// As stored.
    Whole,
    /// First 6 and last 4 characters: `110105********002X`.
    IdNumber,
    /// The year only: `1962`.
    BirthYear,
    /// The last 4 characters: `*******0101`.
    Phone,
    /// Free text with every ID-number- or phone-shaped digit run masked and quoted
    /// addresses cut out.
    Text,
}

/// An allowed field: a value shown one way, or an object with its own allow-list (an array
/// takes the rule of its elements).
#[derive(Debug, Clone, Copy)]
enum Field {
    Leaf(Show),
    Object(&'static [(&'static str, Field)]),
    /// Node properties, allowed per entity kind (the kind of the enclosing object).
    Properties,
    /// An object of named numbers (portrait indicators: counts and shares about an org);
    /// anything but a number is dropped.
    Numbers,
}

use kinds::{properties_of, PROVENANCE};
use Field::{Leaf, Object};
use Show::{BirthYear, IdNumber, Phone, Text, Whole};

const W: Field = Leaf(Whole);
const T: Field = Leaf(Text);

const ALERT_REF: &[(&str, Field)] = &[
    ("id", W),
    ("pattern", W),
    ("severity", W),
    ("status", W),
    ("summary_zh", T),
    ("summary_en", T),
];

const ENTITY: &[(&str, Field)] = &[
    ("id", W),
    ("kind", W),
    ("labels", W),
    ("name", W),
    ("properties", Field::Properties),
    ("provenance", Object(PROVENANCE)),
    (
        "identity",
        Object(&[
            ("kind", W),
            ("type", W),
            ("certain", W),
            ("id", W),
            ("name", W),
            ("basis", W),
            ("score", W),
            ("reason", T),
            ("status", W),
        ]),
    ),
    (
        "positions",
        Object(&[
            ("person_id", W),
            ("person_name", W),
            ("org_id", W),
            ("org_name", W),
            ("title", W),
            ("start_date", W),
            ("end_date", W),
        ]),
    ),
    (
        "company_roles",
        Object(&[
            ("direction", W),
            ("id", W),
            ("name", W),
            ("kind", W),
            ("role", W),
            ("role_zh", W),
            ("role_en", W),
            ("share_pct", W),
            ("start_date", W),
            ("end_date", W),
        ]),
    ),
    (
        "kin",
        Object(&[
            ("direction", W),
            ("id", W),
            ("name", W),
            ("term_zh", W),
            ("term_en", W),
            ("chain", W),
            ("path", W),
        ]),
    ),
    (
        "ties",
        Object(&[
            ("kind", W),
            ("type", W),
            ("id", W),
            ("name", W),
            ("relation_zh", W),
            ("relation_en", W),
            ("source_file", W),
            ("source_line", W),
        ]),
    ),
    ("alerts", Object(ALERT_REF)),
];

const SEARCH_HIT: &[(&str, Field)] = &[
    ("id", W),
    ("kind", W),
    ("name", W),
    ("score", W),
    ("matched", W),
    ("context", T),
];

const NODE_REF: &[(&str, Field)] = &[("id", W), ("kind", W), ("name", W)];

const NEIGHBORHOOD: &[(&str, Field)] = &[
    ("center", W),
    ("depth", W),
    ("nodes", Object(NODE_REF)),
    (
        "edges",
        Object(&[
            ("id", W),
            ("source", W),
            ("target", W),
            ("type", W),
            ("label", W),
            ("label_en", W),
            ("certain", W),
            ("derived", W),
        ]),
    ),
    ("truncated", W),
];

const PATHS: &[(&str, Field)] = &[
    ("from", W),
    ("to", W),
    ("max_hops", W),
    ("note", T),
    (
        "paths",
        Object(&[
            ("length", W),
            ("nodes", Object(NODE_REF)),
            (
                "steps",
                Object(&[
                    ("from", W),
                    ("to", W),
                    ("type", W),
                    ("forward", W),
                    ("label_zh", W),
                    ("label_en", W),
                ]),
            ),
            ("text_zh", T),
            ("text_en", T),
        ]),
    ),
];

const SUMMARY: &[(&str, Field)] = &[("zh", T), ("en", T)];

const ALERT_ITEM: &[(&str, Field)] = &[
    ("id", W),
    ("pattern", W),
    ("severity", W),
    ("subjects", W),
    ("summary", Object(SUMMARY)),
    ("status", W),
    ("first_seen", W),
    ("last_seen", W),
];

const ALERT_LIST: &[(&str, Field)] = &[
    ("total", W),
    ("page", W),
    ("per_page", W),
    ("alerts", Object(ALERT_ITEM)),
];

/// The facts patterns write (the placeholders of their summaries, `cypher/patterns/`): all
/// free text to a viewer, so a digit run or a quoted address inside one is masked or cut.
const FACTS: &[(&str, Field)] = &[
    ("amount", T),
    ("authority", T),
    ("awarded_on", T),
    ("bidders", T),
    ("bids", T),
    ("booked_en", T),
    ("booked_zh", T),
    ("buyer", T),
    ("buyers", T),
    ("buyers_en", T),
    ("category", T),
    ("company", T),
    ("contract", T),
    ("contracts", T),
    ("cooling_off_years", T),
    ("count", T),
    ("day", T),
    ("days", T),
    ("enterprise", T),
    ("first", T),
    ("handler", T),
    ("kinds", T),
    ("last", T),
    ("latest", T),
    ("looser", T),
    ("max_days", T),
    ("official", T),
    ("org", T),
    ("owner", T),
    ("paid_on", T),
    ("payee", T),
    ("payee_en", T),
    ("payer", T),
    ("peers", T),
    ("post", T),
    ("post_since", T),
    ("post_until", T),
    ("purpose", T),
    ("relative", T),
    ("required", T),
    ("required_en", T),
    ("role_en", T),
    ("role_since", T),
    ("role_until", T),
    ("role_zh", T),
    ("seat", T),
    ("stands_en", T),
    ("stands_zh", T),
    ("supplier", T),
    ("suppliers", T),
    ("term_en", T),
    ("term_zh", T),
    ("threshold", T),
    ("tied", T),
    ("tied_en", T),
    ("ties_en", T),
    ("ties_zh", T),
    ("total", T),
    ("total_amount", T),
    ("total_count", T),
    ("via_zh", T),
    ("what_en", T),
    ("what_zh", T),
    ("who_en", T),
    ("who_zh", T),
    ("window_years", T),
    ("won_amount", T),
    ("won_count", T),
];

/// A triage entry: who changed the status when, never the note.
const HISTORY_ENTRY: &[(&str, Field)] = &[("at", W), ("by", W), ("from", W), ("status", W)];

const ALERT: &[(&str, Field)] = &[
    ("id", W),
    ("pattern", W),
    ("severity", W),
    ("subjects", W),
    ("summary", Object(SUMMARY)),
    (
        "evidence",
        Object(&[
            (
                "nodes",
                Object(&[
                    ("id", W),
                    ("label", W),
                    ("name", W),
                    ("source_file", W),
                    ("source_line", W),
                ]),
            ),
            (
                "relationships",
                Object(&[
                    ("type", W),
                    ("from", W),
                    ("to", W),
                    ("source_file", W),
                    ("source_line", W),
                    ("label", W),
                ]),
            ),
        ]),
    ),
    ("facts", Object(FACTS)),
    ("status", W),
    ("first_seen", W),
    ("last_seen", W),
    ("history", Object(HISTORY_ENTRY)),
    ("retired_at", W),
    ("retired_scan", W),
    ("cases", W),
];

/// Portrait indicators are counts and shares per org: numbers about the org, no person.
const PORTRAIT: &[(&str, Field)] = &[
    ("org", W),
    ("name", W),
    ("region", W),
    ("kind", W),
    ("peers", W),
    (
        "dimensions",
        Object(&[
            ("key", W),
            ("name_zh", W),
            ("name_en", W),
            ("score", W),
            ("raw", W),
            ("indicators", Field::Numbers),
        ]),
    ),
    ("overall", W),
    ("level", W),
];

/// One side of a possible identity link: no address, no triage note.
const REVIEW_RECORD: &[(&str, Field)] = &[
    ("id", W),
    ("name", W),
    ("gender", W),
    ("birth_date", Leaf(BirthYear)),
    ("id_number", Leaf(IdNumber)),
    ("id_number_invalid", Leaf(IdNumber)),
    ("phone", Leaf(Phone)),
    ("source_file", W),
    ("source_line", W),
];

const IDENTITY_REVIEW: &[(&str, Field)] = &[
    ("status", W),
    ("page", W),
    ("per_page", W),
    ("total", W),
    (
        "candidates",
        Object(&[
            ("a", Object(REVIEW_RECORD)),
            ("b", Object(REVIEW_RECORD)),
            ("score", W),
            ("reason", T),
            ("status", W),
            ("decided_by", W),
            ("decided_at", W),
            ("history", Object(HISTORY_ENTRY)),
        ]),
    ),
];

/// A scan run without its error text (Neo4j's messages stay in the log anyway).
const SCAN_RUN: &[(&str, Field)] = &[
    ("id", W),
    ("status", W),
    ("trigger", W),
    ("patterns", W),
    ("as_of", W),
    ("started_at", W),
    ("finished_at", W),
    (
        "progress",
        Object(&[("phase", W), ("patterns_done", W), ("patterns_total", W)]),
    ),
    (
        "counts",
        Object(&[("alerts", W), ("kin", W), ("retired", W), ("new", W)]),
    ),
    ("scan", W),
];

/// An org of the overview: what the org's own properties and its portrait show viewers.
const ORG_RISK: &[(&str, Field)] = &[
    ("id", W),
    ("name", W),
    ("kind", W),
    ("region", W),
    ("parent", W),
    ("overall", W),
    ("level", W),
    ("alerts", W),
];

const SERIES: &[(&str, Field)] = &[("key", W), ("counts", W)];

/// Aggregate counts and orgs only.
const OVERVIEW: &[(&str, Field)] = &[
    ("months", W),
    ("by_pattern", Object(SERIES)),
    ("by_severity", Object(SERIES)),
    ("by_status", Object(SERIES)),
    ("total", W),
    ("orgs", Object(ORG_RISK)),
    ("top", Object(ORG_RISK)),
];

/// A saved filter: its name and the inbox parameters its owner chose.
const FILTER: &[(&str, Field)] = &[
    ("id", W),
    ("name", W),
    (
        "params",
        Object(&[
            ("pattern", W),
            ("severity", W),
            ("status", W),
            ("org", W),
            ("since", W),
            ("until", W),
            ("sort", W),
        ]),
    ),
    ("created_at", W),
];

/// A timeline's events without `text` (a tip's words, triage and case notes); titles are
/// free text to a viewer, like alert summaries.
const TIMELINE: &[(&str, Field)] = &[
    ("id", W),
    ("kind", W),
    ("name", W),
    ("from", W),
    ("to", W),
    (
        "events",
        Object(&[
            ("date", W),
            ("end_date", W),
            ("kind", W),
            ("title_zh", T),
            ("title_en", T),
            ("entities", W),
            ("alert", W),
            ("case", W),
            ("tip", W),
            ("amount", W),
            ("pattern", W),
            ("severity", W),
        ]),
    ),
];

const PROBLEM: &[(&str, Field)] = &[
    ("type", W),
    ("title", W),
    ("status", W),
    ("detail", T),
    ("instance", W),
];

/// Rewrites `value` (an answer of `shape`) to what `role` may read.
pub fn apply(role: Role, shape: Shape, value: &mut Value) {
    if role >= Role::Investigator {
        return;
    }
    let fields = match shape {
        Shape::Document => return,
        Shape::Entity => ENTITY,
        Shape::Search => SEARCH_HIT,
        Shape::Neighborhood => NEIGHBORHOOD,
        Shape::Paths => PATHS,
        Shape::AlertList => ALERT_LIST,
        Shape::Alert => ALERT,
        Shape::Portrait => PORTRAIT,
        Shape::IdentityReview => IDENTITY_REVIEW,
        Shape::ScanRun => SCAN_RUN,
        Shape::Overview => OVERVIEW,
        Shape::Filters => FILTER,
        Shape::Timeline => TIMELINE,
        Shape::Problem => PROBLEM,
        // A list of region names (an org property viewers read).
        Shape::Regions => return view(W, value, ""),
    };
    view(Object(fields), value, "");
}

/// Applies `field` to `value` in place; `kind` is the entity kind of the enclosing object
/// (for [`Field::Properties`]). Whatever the field does not allow becomes `null` here and is
/// removed by the enclosing object.
fn view(field: Field, value: &mut Value, kind: &str) {
    if let Value::Array(items) = value {
        items.iter_mut().for_each(|item| view(field, item, kind));
        items.retain(|item| !item.is_null());
        return;
    }
    match field {
        Leaf(show) => *value = shown(show, value),
        Object(fields) => keep_listed(&[fields], value),
        // Every node carries where it came from besides its kind's own properties.
        Field::Properties => keep_listed(&[properties_of(kind), PROVENANCE], value),
        Field::Numbers => match value {
            Value::Object(map) => map.retain(|_, v| v.is_number() || v.is_null()),
            _ => *value = Value::Null,
        },
    }
}

/// Keeps the keys of an object listed in one of `lists` (each viewed by its rule) and drops
/// the rest; a value that is not an object is dropped.
fn keep_listed(lists: &[&[(&str, Field)]], value: &mut Value) {
    let Value::Object(map) = value else {
        *value = Value::Null;
        return;
    };
    let kind = map
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let mut kept = Map::new();
    for (key, mut item) in std::mem::take(map) {
        let mut listed = lists.iter().flat_map(|fields| fields.iter());
        let Some((_, rule)) = listed.find(|(name, _)| *name == key) else {
            continue;
        };
        let was_null = item.is_null();
        view(*rule, &mut item, &kind);
        if was_null || !item.is_null() {
            kept.insert(key, item);
        }
    }
    *map = kept;
}

/// A scalar shown one way; an object where a scalar belongs is dropped (`null`).
fn shown(show: Show, value: &Value) -> Value {
    let text = match value {
        Value::Null | Value::Bool(_) => return value.clone(),
        Value::Object(_) | Value::Array(_) => return Value::Null,
        Value::Number(n) if matches!(show, Whole | Text) => return Value::Number(n.clone()),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
    };
    Value::String(match show {
        Whole => text,
        IdNumber => mask_id_number(&text),
        BirthYear => birth_year(&text),
        Phone => mask_phone(&text),
        Text => scrub_text(&text),
    })
}

#[cfg(test)]
mod tests;

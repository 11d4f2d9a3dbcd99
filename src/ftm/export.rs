//! FtM out: the records of a selection (the whole graph, an entity and its surroundings to a
//! depth, or a case's entities and the records behind its alerts' evidence) within the
//! reader's region scope, and the stored ties between them, as FtM entities.
//!
//! Everything goes through the reader's view first ([`crate::views`], as an entity page
//! shows it: a record's properties per kind, a post's and a company role's fields, a tie's
//! provenance), then becomes FtM. FtM carries values, not masks: a value the view masks (a
//! viewer's ID number as `330698********2136`, a phone as its last four) is left out, a
//! birth date shown as its year stays (a year is an FtM date). `guanxi export --format ftm`
//! and `GET /api/export.ftm` call [`export`].

use std::collections::{BTreeMap, BTreeSet, HashSet};

use neo4rs::{query, Graph};
use serde_json::{Map, Value};

use super::{
    record_id, tie_id, Entity, FtmError, Schema, COLLECTIVE, CURRENCY, PUBLISHER, ROLE_APPROVER,
    ROLE_BIDDER, ROLE_HANDLER, ROLE_SUPPLIER,
};
use crate::cypher::{self, CypherFile};
use crate::db::WithOrigin;
use crate::domain::{CompanyRole, KinRelation, OrgKind, Role};
use crate::scan::terms;
use crate::scope::{scope_param, Scope};
use crate::views::{self, Shape};

/// The deepest neighbourhood an export walks.
pub const MAX_DEPTH: u32 = 4;

/// Ids per read.
const BATCH: usize = 2000;

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every record but tips.
    All,
    /// An entity and what lies within `depth` stored ties of it.
    Entity {
        /// The entity's id.
        id: String,
        /// Steps out (0: the entity alone), at most [`MAX_DEPTH`].
        depth: u32,
    },
    /// A case's entities and the records behind its alerts' evidence.
    Case(String),
}

/// A record read from the graph, viewed for the reader.
struct Record {
    kind: String,
    props: Map<String, Value>,
}

/// A stored tie between two exported records, its properties viewed for the reader.
struct Tie {
    from: String,
    rel: String,
    to: String,
    props: Map<String, Value>,
}

/// The FtM entities of `selection` as `role` within `scope` reads them, in a stable order
/// (records by kind and id, then ties by schema and id).
pub async fn export(
    graph: &Graph,
    selection: &Selection,
    scope: Scope<'_>,
    role: Role,
) -> Result<Vec<Entity>, FtmError> {
    let ids = select(graph, selection, scope).await?;
    let mut records = read_records(graph, &ids, scope, role).await?;
    if let Selection::Entity { id, .. } = selection {
        if !records.contains_key(id) {
            return Err(FtmError::NotFound(format!("entity {id}")));
        }
    }
    // FtM requires a payment's payer and beneficiary: a payment at the edge of the
    // selection brings them (and its handler and contract) along.
    let payments: Vec<String> = records
        .iter()
        .filter(|(_, r)| r.kind == "Payment")
        .map(|(id, _)| id.clone())
        .collect();
    if !payments.is_empty() && *selection != Selection::All {
        let file = &cypher::FTM_NEIGHBOURS;
        let q = query(file.text)
            .param("ids", payments)
            .param("scope", scope_param(scope));
        let more: BTreeSet<String> = ids_of(graph, file, q)
            .await?
            .into_iter()
            .filter(|id| !records.contains_key(id))
            .collect();
        records.extend(read_records(graph, &more, scope, role).await?);
    }
    let ties = read_ties(graph, &records, role).await?;
    let mut out = Vec::new();
    for (id, record) in &records {
        if let Some(entity) = record_entity(id, record, &ties) {
            out.push(entity);
        }
    }
    out.extend(tie_entities(&records, &ties));
    payment_refs(&records, &ties, &mut out);
    // A payment whose payer or beneficiary the scope hides is no FtM Payment.
    out.retain(|e| {
        e.schema != Schema::Payment.as_str()
            || !(e.values("payer").is_empty() || e.values("beneficiary").is_empty())
    });
    out.sort_by(|a, b| (rank(&a.schema), &a.id).cmp(&(rank(&b.schema), &b.id)));
    out.dedup_by(|a, b| a.id == b.id);
    Ok(out)
}

/// Writes `entities` as JSON lines.
pub fn to_lines(entities: &[Entity]) -> Vec<u8> {
    let mut out = Vec::new();
    for entity in entities {
        // An entity of strings always serialises.
        if let Ok(line) = serde_json::to_vec(entity) {
            out.extend(line);
            out.push(b'\n');
        }
    }
    out
}

/// Records first (so a reader meets an entity before the ties naming it), in schema order.
fn rank(schema: &str) -> usize {
    Schema::ALL
        .iter()
        .position(|s| s.as_str() == schema)
        .unwrap_or(usize::MAX)
}

/// The ids a selection covers, within the scope.
async fn select(
    graph: &Graph,
    selection: &Selection,
    scope: Scope<'_>,
) -> Result<BTreeSet<String>, FtmError> {
    match selection {
        Selection::All => {
            let file = &cypher::FTM_ALL_IDS;
            let q = query(file.text).param("scope", scope_param(scope));
            Ok(ids_of(graph, file, q).await?.into_iter().collect())
        }
        Selection::Entity { id, depth } => {
            let mut seen: BTreeSet<String> = BTreeSet::from([id.clone()]);
            let mut frontier = vec![id.clone()];
            for _ in 0..(*depth).min(MAX_DEPTH) {
                if frontier.is_empty() {
                    break;
                }
                let file = &cypher::FTM_NEIGHBOURS;
                let q = query(file.text)
                    .param("ids", std::mem::take(&mut frontier))
                    .param("scope", scope_param(scope));
                for next in ids_of(graph, file, q).await? {
                    if seen.insert(next.clone()) {
                        frontier.push(next);
                    }
                }
            }
            Ok(seen)
        }
        Selection::Case(id) => {
            let case = crate::cases::get(graph, id, scope)
                .await?
                .ok_or_else(|| FtmError::NotFound(format!("case {id}")))?;
            let mut ids = BTreeSet::new();
            for item in &case.items {
                match item.kind.as_str() {
                    "entity" => {
                        ids.insert(item.id.clone());
                    }
                    "alert" => {
                        if let Some(alert) =
                            crate::scan::alerts::get_alert_in(graph, &item.id, scope).await?
                        {
                            ids.extend(alert.evidence.nodes.into_iter().map(|n| n.id));
                        }
                    }
                    // Tips: FtM has no home for a whistleblower's words.
                    _ => {}
                }
            }
            Ok(ids)
        }
    }
}

/// The `id` column of a query's rows.
async fn ids_of(
    graph: &Graph,
    file: &CypherFile,
    q: neo4rs::Query,
) -> Result<Vec<String>, FtmError> {
    let mut rows = graph.execute(q).await.origin(file.path)?;
    let mut ids = Vec::new();
    while let Some(row) = rows.next().await.origin(file.path)? {
        if let Ok(id) = row.get::<String>("id") {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// The records of `ids` in the scope, their properties as an entity page shows them to
/// `role`.
async fn read_records(
    graph: &Graph,
    ids: &BTreeSet<String>,
    scope: Scope<'_>,
    role: Role,
) -> Result<BTreeMap<String, Record>, FtmError> {
    let file = &cypher::FTM_ENTITIES;
    let ids: Vec<String> = ids.iter().cloned().collect();
    let mut records = BTreeMap::new();
    for batch in ids.chunks(BATCH) {
        let q = query(file.text)
            .param("ids", batch.to_vec())
            .param("scope", scope_param(scope));
        let mut rows = graph.execute(q).await.origin(file.path)?;
        while let Some(row) = rows.next().await.origin(file.path)? {
            let id: String = row.get("id").unwrap_or_default();
            let labels: Vec<String> = row.get("labels").unwrap_or_default();
            let props: Value = row.get("props").unwrap_or_default();
            let kind = crate::explore::kind_of(&labels);
            let mut page = serde_json::json!({"kind": kind, "properties": props});
            views::apply(role, Shape::Entity, &mut page);
            let props = match page.get_mut("properties").map(Value::take) {
                Some(Value::Object(map)) => map,
                _ => Map::new(),
            };
            records.insert(id, Record { kind, props });
        }
    }
    Ok(records)
}

/// The stored ties between exported records, viewed for `role`.
async fn read_ties(
    graph: &Graph,
    records: &BTreeMap<String, Record>,
    role: Role,
) -> Result<Vec<Tie>, FtmError> {
    let file = &cypher::FTM_LINKS;
    let ids: Vec<String> = records.keys().cloned().collect();
    let mut ties = Vec::new();
    for batch in ids.chunks(BATCH) {
        let q = query(file.text).param("ids", batch.to_vec());
        let mut rows = graph.execute(q).await.origin(file.path)?;
        while let Some(row) = rows.next().await.origin(file.path)? {
            let to: String = row.get("to").unwrap_or_default();
            if !records.contains_key(&to) {
                continue;
            }
            let rel: String = row.get("type").unwrap_or_default();
            let props = match row.get::<Value>("props") {
                Ok(Value::Object(map)) => map,
                _ => Map::new(),
            };
            ties.push(Tie {
                from: row.get("from").unwrap_or_default(),
                props: view_tie(role, &rel, props),
                rel,
                to,
            });
        }
    }
    Ok(ties)
}

/// A tie's properties as the entity page's view shows them: a post's fields as its
/// `positions`, a company role's as its `company_roles`, anything else as its `ties`, and
/// the provenance as `provenance`.
fn view_tie(role: Role, rel: &str, props: Map<String, Value>) -> Map<String, Value> {
    if role >= Role::Investigator {
        return props;
    }
    let section = match rel {
        "HOLDS_POST" => "positions",
        "ROLE_IN" => "company_roles",
        _ => "ties",
    };
    let (provenance, own): (Map<_, _>, Map<_, _>) = props
        .into_iter()
        .partition(|(k, _)| matches!(k.as_str(), "source_file" | "source_line"));
    let mut page = serde_json::json!({ section: [own], "provenance": provenance });
    views::apply(role, Shape::Entity, &mut page);
    let mut kept = Map::new();
    for key in [section, "provenance"] {
        let value = page.get_mut(key).map(Value::take);
        let map = match value {
            Some(Value::Array(mut items)) if !items.is_empty() => items.swap_remove(0),
            Some(other) => other,
            None => Value::Null,
        };
        if let Value::Object(map) = map {
            kept.extend(map);
        }
    }
    kept
}

/// A property as text (numbers written out, a date as `YYYY-MM-DD`).
fn text(props: &Map<String, Value>, key: &str) -> Option<String> {
    match props.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Adds `publisher` and where the record came from (`notes` on a record, `recordId` on a
/// tie: FtM's `sourceUrl` wants a URL, and a file and line is none).
fn provenance(entity: &mut Entity, props: &Map<String, Value>, on_tie: bool) {
    // A Payment is an Interval: `recordId`, no `notes`.
    let on_tie = on_tie || entity.schema == Schema::Payment.as_str();
    entity.add("publisher", PUBLISHER);
    if let Some(file) = text(props, "source_file") {
        let line = text(props, "source_line").unwrap_or_default();
        let at = if line.is_empty() {
            file
        } else {
            format!("{file}:{line}")
        };
        if on_tie {
            entity.add("recordId", at);
        } else {
            entity.add("notes", format!("source: {at}"));
        }
    }
}

/// Sets `name` from property `key`, when it has a value.
fn set(entity: &mut Entity, name: &str, props: &Map<String, Value>, key: &str) {
    if let Some(value) = text(props, key) {
        entity.add(name, value);
    }
}

/// A stored phone as FtM wants it (`+86...`); a local number without its area code has no
/// such form and a masked one is no phone: none.
fn e164(phone: &str) -> Option<String> {
    if phone.contains('*') {
        return None;
    }
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 11 && digits.starts_with('1') {
        Some(format!("+86{digits}"))
    } else if digits.starts_with('0') && digits.len() >= 10 {
        Some(format!("+86{}", &digits[1..]))
    } else {
        None
    }
}

/// The FtM entity of a record (tips have none).
fn record_entity(id: &str, record: &Record, ties: &[Tie]) -> Option<Entity> {
    let p = &record.props;
    let fid = record_id(&record.kind, id);
    let mut e = match record.kind.as_str() {
        "Person" => {
            let mut e = Entity::new(fid, Schema::Person);
            set(&mut e, "name", p, "name");
            set(&mut e, "gender", p, "gender");
            set(&mut e, "birthDate", p, "birth_date");
            if let Some(n) = text(p, "id_number").filter(|n| !n.contains('*')) {
                e.add("idNumber", n);
            }
            if let Some(phone) = text(p, "phone").as_deref().and_then(e164) {
                e.add("phone", phone);
            }
            set(&mut e, "address", p, "address");
            e.add("country", "cn");
            e
        }
        "Org" => {
            let kind = text(p, "kind").and_then(|k| OrgKind::parse(&k).ok());
            let schema = match kind {
                Some(OrgKind::Other) => Schema::Organization,
                _ => Schema::PublicBody,
            };
            let mut e = Entity::new(fid, schema);
            set(&mut e, "name", p, "name");
            set(&mut e, "legalForm", p, "kind");
            // The region is where the org is: its place for FtM readers.
            set(&mut e, "address", p, "region");
            for tie in ties.iter().filter(|t| t.rel == "PART_OF" && t.from == id) {
                e.add("parent", record_id("Org", &tie.to));
            }
            e.add("country", "cn");
            e
        }
        "Company" => {
            let mut e = Entity::new(fid, Schema::Company);
            set(&mut e, "name", p, "name");
            set(&mut e, "registrationNumber", p, "credit_code");
            set(&mut e, "address", p, "address");
            if let Some(phone) = text(p, "phone").as_deref().and_then(e164) {
                e.add("phone", phone);
            }
            set(&mut e, "incorporationDate", p, "registered_on");
            set(&mut e, "sector", p, "industry");
            set(&mut e, "classification", p, "qualification");
            e.add("country", "cn");
            e
        }
        "Contract" => {
            let mut e = Entity::new(fid, Schema::Contract);
            set(&mut e, "title", p, "title");
            set(&mut e, "name", p, "title");
            set(&mut e, "amount", p, "amount");
            e.add("currency", CURRENCY);
            set(&mut e, "method", p, "method");
            set(&mut e, "classification", p, "category");
            set(&mut e, "criteria", p, "required_qualification");
            set(&mut e, "contractDate", p, "awarded_on");
            for tie in ties
                .iter()
                .filter(|t| t.rel == "AWARDED_BY" && t.from == id)
            {
                e.add("authority", record_id("Org", &tie.to));
            }
            e
        }
        "Payment" => {
            let mut e = Entity::new(fid, Schema::Payment);
            set(&mut e, "amount", p, "amount");
            e.add("currency", CURRENCY);
            set(&mut e, "purpose", p, "purpose");
            set(&mut e, "date", p, "paid_on");
            // When the receiver booked it: the end of the money's way.
            set(&mut e, "endDate", p, "recorded_on");
            e
        }
        _ => return None,
    };
    provenance(&mut e, p, false);
    Some(e)
}

/// The FtM entities of the ties between exported records.
fn tie_entities(records: &BTreeMap<String, Record>, ties: &[Tie]) -> Vec<Entity> {
    let fid = |id: &str| {
        let kind = records.get(id).map_or("Entity", |r| r.kind.as_str());
        record_id(kind, id)
    };
    let kind_of = |id: &str| records.get(id).map_or("", |r| r.kind.as_str());
    let mut out = Vec::new();
    for tie in ties {
        let p = &tie.props;
        let (from, to) = (fid(&tie.from), fid(&tie.to));
        let mut e = match tie.rel.as_str() {
            "HOLDS_POST" => {
                let title = text(p, "title").unwrap_or_default();
                let post_id = tie_id(Schema::Position, &[&tie.to, &title]);
                let mut post = Entity::new(post_id.clone(), Schema::Position);
                post.add("name", title.clone());
                post.add("organization", to.clone());
                post.add("publisher", PUBLISHER);
                out.push(post);
                let start = text(p, "start_date").unwrap_or_default();
                let key = [tie.from.as_str(), tie.to.as_str(), title.as_str(), &start];
                let mut e = Entity::new(tie_id(Schema::Occupancy, &key), Schema::Occupancy);
                e.add("holder", from);
                e.add("post", post_id);
                set(&mut e, "startDate", p, "start_date");
                set(&mut e, "endDate", p, "end_date");
                e
            }
            "PARENT_OF" | "SPOUSE_OF" | "SIBLING_OF" => family(records, tie, &from, &to),
            "ROLE_IN" => {
                let word = text(p, "role").unwrap_or_default();
                let role = CompanyRole::parse(&word).ok();
                let key = [tie.from.as_str(), tie.to.as_str(), word.as_str()];
                let mut e = match role {
                    Some(CompanyRole::Shareholder) => {
                        let mut e = Entity::new(tie_id(Schema::Ownership, &key), Schema::Ownership);
                        e.add("owner", from);
                        e.add("asset", to);
                        set(&mut e, "percentage", p, "share_pct");
                        e
                    }
                    Some(CompanyRole::Manager | CompanyRole::Employee)
                        if kind_of(&tie.from) == "Person" =>
                    {
                        let mut e =
                            Entity::new(tie_id(Schema::Employment, &key), Schema::Employment);
                        e.add("employee", from);
                        e.add("employer", to);
                        e
                    }
                    _ => {
                        let mut e =
                            Entity::new(tie_id(Schema::Directorship, &key), Schema::Directorship);
                        e.add("director", from);
                        e.add("organization", to);
                        e
                    }
                };
                if let Some(role) = role {
                    e.add("role", role.as_str());
                }
                set(&mut e, "startDate", p, "start_date");
                set(&mut e, "endDate", p, "end_date");
                e
            }
            "OWNED_BY" => {
                let key = [tie.to.as_str(), tie.from.as_str(), COLLECTIVE];
                let mut e = Entity::new(tie_id(Schema::Ownership, &key), Schema::Ownership);
                e.add("owner", to);
                e.add("asset", from);
                e.add("ownershipType", COLLECTIVE);
                e
            }
            "AWARDED_TO" => {
                let contract = records.get(&tie.from).map(|r| &r.props);
                let key = [tie.from.as_str(), tie.to.as_str(), ROLE_SUPPLIER];
                let mut e = Entity::new(tie_id(Schema::ContractAward, &key), Schema::ContractAward);
                e.add("contract", from);
                e.add("supplier", to);
                e.add("role", ROLE_SUPPLIER);
                e.add("status", "awarded");
                if let Some(c) = contract {
                    set(&mut e, "date", c, "awarded_on");
                    set(&mut e, "amount", c, "amount");
                    e.add("currency", CURRENCY);
                }
                e
            }
            "BID_ON" => {
                let key = [tie.to.as_str(), tie.from.as_str(), ROLE_BIDDER];
                let mut e = Entity::new(tie_id(Schema::ContractAward, &key), Schema::ContractAward);
                e.add("contract", to);
                e.add("supplier", from);
                e.add("role", ROLE_BIDDER);
                if let Some(q) = p.get("qualified").and_then(Value::as_bool) {
                    e.add("status", if q { "qualified" } else { "unqualified" });
                }
                if let Some(amount) = text(p, "amount") {
                    e.add("amount", amount);
                    e.add("currency", CURRENCY);
                }
                e
            }
            "APPROVED_BY" => {
                let key = [tie.to.as_str(), tie.from.as_str(), ROLE_APPROVER];
                let mut e = Entity::new(tie_id(Schema::UnknownLink, &key), Schema::UnknownLink);
                e.add("subject", to);
                e.add("object", from);
                e.add("role", ROLE_APPROVER);
                e
            }
            "HANDLED_BY" => {
                // FtM links nothing to a Payment (an Interval, not a Thing): the handler is
                // linked to the payee he collected for, and `recordId` names the payment.
                let payee = ties
                    .iter()
                    .find(|t| t.rel == "PAID_TO" && t.from == tie.from)
                    .map(|t| fid(&t.to));
                let Some(payee) = payee else { continue };
                let key = [tie.to.as_str(), tie.from.as_str(), ROLE_HANDLER];
                let mut e = Entity::new(tie_id(Schema::UnknownLink, &key), Schema::UnknownLink);
                e.add("subject", to);
                e.add("object", payee);
                e.add("role", ROLE_HANDLER);
                e.add("recordId", from);
                e.add("publisher", PUBLISHER);
                out.push(e);
                continue;
            }
            // Written on the records they belong to (parent, authority, payer, beneficiary,
            // contract) or not at all.
            _ => continue,
        };
        provenance(&mut e, p, true);
        out.push(e);
    }
    tenders(records, ties, &mut out);
    out
}

/// A family tie as FtM's Family: what `relative` is to `person`, in the words the contract
/// accepts (gendered when the relative's gender is known; a sibling's age in Chinese, as
/// English single words do not carry it).
fn family(records: &BTreeMap<String, Record>, tie: &Tie, from: &str, to: &str) -> Entity {
    let (relation, person, relative, relative_key) = match tie.rel.as_str() {
        // PARENT_OF points from the parent to the child.
        "PARENT_OF" => (KinRelation::Parent, to, from, tie.from.as_str()),
        "SPOUSE_OF" => (KinRelation::Spouse, from, to, tie.to.as_str()),
        _ => (KinRelation::Sibling, from, to, tie.to.as_str()),
    };
    let male = records.get(relative_key).and_then(|r| {
        let gender = text(&r.props, "gender").or_else(|| text(&r.props, "gender_from_kinship"));
        gender.map(|g| g == "male")
    });
    let older = text(&tie.props, "older_id").map(|older| older == tie.to);
    let older = older.filter(|_| relation == KinRelation::Sibling);
    let (zh, en) = terms::tie_term(relation.step(), male, older);
    let word = if older.is_some() { zh } else { en };
    let mut e = Entity::new(tie_id(Schema::Family, &[person, relative]), Schema::Family);
    e.add("person", person);
    e.add("relative", relative);
    e.add("relationship", word);
    e
}

/// Payers, beneficiaries and settled contracts go on the payment itself.
fn payment_refs(records: &BTreeMap<String, Record>, ties: &[Tie], out: &mut [Entity]) {
    let fid = |id: &str| record_id(records.get(id).map_or("Entity", |r| r.kind.as_str()), id);
    let mut refs: BTreeMap<String, Vec<(&str, String)>> = BTreeMap::new();
    for tie in ties {
        let (payment, name, other) = match tie.rel.as_str() {
            "PAID" => (&tie.to, "payer", &tie.from),
            "PAID_TO" => (&tie.from, "beneficiary", &tie.to),
            "SETTLES" => (&tie.from, "contract", &tie.to),
            _ => continue,
        };
        refs.entry(fid(payment))
            .or_default()
            .push((name, fid(other)));
    }
    for entity in out.iter_mut() {
        if let Some(list) = refs.remove(&entity.id) {
            for (name, value) in list {
                entity.add(name, value);
            }
        }
    }
}

/// A contract's tender as CallForTenders when it has a publication date or bids: title,
/// authority (FtM requires both), publication and award dates, the bidders.
fn tenders(records: &BTreeMap<String, Record>, ties: &[Tie], out: &mut Vec<Entity>) {
    let bidders: HashSet<(&str, &str)> = ties
        .iter()
        .filter(|t| t.rel == "BID_ON")
        .map(|t| (t.to.as_str(), t.from.as_str()))
        .collect();
    for (id, record) in records.iter().filter(|(_, r)| r.kind == "Contract") {
        let p = &record.props;
        let buyer = ties
            .iter()
            .find(|t| t.rel == "AWARDED_BY" && &t.from == id)
            .map(|t| record_id("Org", &t.to));
        let mut bids: Vec<&str> = bidders
            .iter()
            .filter(|(k, _)| k == id)
            .map(|(_, b)| *b)
            .collect();
        bids.sort();
        let (Some(buyer), Some(title)) = (buyer, text(p, "title")) else {
            continue;
        };
        if text(p, "published_on").is_none() && bids.is_empty() {
            continue;
        }
        let mut e = Entity::new(
            tie_id(Schema::CallForTenders, &[id]),
            Schema::CallForTenders,
        );
        e.add("title", title);
        e.add("authority", buyer);
        set(&mut e, "publicationDate", p, "published_on");
        set(&mut e, "awardingDate", p, "awarded_on");
        for bidder in bids {
            let kind = records.get(bidder).map_or("Entity", |r| r.kind.as_str());
            e.add("tenderers", record_id(kind, bidder));
        }
        e.add("publisher", PUBLISHER);
        // The contract's award and bids name their tender.
        let contract = record_id("Contract", id);
        for award in out.iter_mut().filter(|a| a.schema == "ContractAward") {
            if award.first("contract").as_deref() == Some(contract.as_str()) {
                award.add("callForTenders", e.id.clone());
            }
        }
        out.push(e);
    }
}

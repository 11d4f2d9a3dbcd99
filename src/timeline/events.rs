//! Reading the events of one entity (`cypher/timeline/entity.cypher`) and of tips and
//! alerts by id (`tips.cypher`, `alerts.cypher`, which cases reuse), and writing each as an
//! [`Event`] with its titles in Chinese and English.

use neo4rs::{Graph, Row};
use serde::Deserialize;

use super::{day_of, Event, EventKind};
use crate::cypher;
use crate::db::{read_query, DbError, WithOrigin};
use crate::domain::{AlertStatus, PatternId, Severity};
use crate::explore::words::{role_en, role_zh};
use crate::scope::{scope_param, Scope};

#[derive(Debug, Deserialize)]
struct PostRow {
    person_id: String,
    person: Option<String>,
    org_id: String,
    org: Option<String>,
    title: Option<String>,
    start: Option<String>,
    end: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RoleRow {
    holder_id: String,
    holder: Option<String>,
    company_id: String,
    company: Option<String>,
    role: Option<String>,
    start: Option<String>,
    end: Option<String>,
}

#[derive(Debug, Deserialize)]
struct KinRow {
    official_id: String,
    official: Option<String>,
    relative_id: String,
    relative: Option<String>,
    term_zh: Option<String>,
    term_en: Option<String>,
    born: Option<String>,
    recorded: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ContractRow {
    id: String,
    title: Option<String>,
    amount: Option<f64>,
    date: Option<String>,
    buyer_id: Option<String>,
    buyer: Option<String>,
    supplier_id: Option<String>,
    supplier: Option<String>,
    approver_id: Option<String>,
    approver: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PaymentRow {
    id: String,
    amount: Option<f64>,
    purpose: Option<String>,
    date: Option<String>,
    payer_id: Option<String>,
    payer: Option<String>,
    payee_id: Option<String>,
    payee: Option<String>,
    handler_id: Option<String>,
    handler: Option<String>,
}

/// A name, or the id where the record has none.
fn named(name: &Option<String>, id: &str) -> String {
    name.clone().unwrap_or_else(|| id.to_string())
}

/// The ids that are there, in order.
fn ids<const N: usize>(ids: [&Option<String>; N]) -> Vec<String> {
    ids.into_iter().flatten().cloned().collect()
}

/// `42,500` for a sum of yuan (the examples' amounts are whole yuan or have cents).
fn yuan(amount: Option<f64>) -> String {
    match amount {
        Some(a) if a.fract() == 0.0 => format!("{a:.0}"),
        Some(a) => format!("{a:.2}"),
        None => "?".into(),
    }
}

/// The events around entity `id` as `scope` sees it, with its kind and name: `None` when no
/// entity has the id or the scope does not see it. Not yet cut to a range nor ordered.
pub async fn entity_events(
    graph: &Graph,
    id: &str,
    scope: Scope<'_>,
) -> Result<Option<(String, String, Vec<Event>)>, DbError> {
    let file = &cypher::TIMELINE_ENTITY;
    let mut rows = graph
        .execute_read(
            read_query(file.text)
                .param("id", id)
                .param("scope", scope_param(scope)),
        )
        .await
        .origin(file.path)?;
    let Some(row) = rows.next().await.origin(file.path)? else {
        return Ok(None);
    };
    let labels: Vec<String> = row.get("labels").unwrap_or_default();
    let mut events = Vec::new();
    events.extend(list::<PostRow>(&row, "posts").into_iter().filter_map(post));
    events.extend(list::<RoleRow>(&row, "roles").into_iter().filter_map(role));
    events.extend(list::<KinRow>(&row, "kin").into_iter().filter_map(kin));
    events.extend(
        list::<ContractRow>(&row, "contracts")
            .into_iter()
            .filter_map(contract),
    );
    events.extend(
        list::<PaymentRow>(&row, "payments")
            .into_iter()
            .filter_map(payment),
    );
    let tips: Vec<String> = row.get("tips").unwrap_or_default();
    events.extend(tip_events(graph, &tips, scope).await?);
    let alerts: Vec<String> = row.get("alerts").unwrap_or_default();
    events.extend(alert_events(graph, &alerts, scope).await?);
    Ok(Some((
        crate::explore::kind_of(&labels),
        row.get("name").unwrap_or_default(),
        events,
    )))
}

/// The rows of one collected column (a row that does not read is left out).
fn list<T: serde::de::DeserializeOwned>(row: &Row, column: &str) -> Vec<T> {
    row.get::<Vec<T>>(column).unwrap_or_default()
}

fn post(r: PostRow) -> Option<Event> {
    let date = day_of(r.start.as_deref())?;
    let (person, org) = (named(&r.person, &r.person_id), named(&r.org, &r.org_id));
    let title = r.title.unwrap_or_default();
    let mut event = Event::new(
        date,
        EventKind::Post,
        format!("{person} 任 {org}{title}"),
        format!("{person}: {title} at {org}"),
        vec![r.person_id, r.org_id],
    );
    event.end_date = day_of(r.end.as_deref());
    Some(event)
}

fn role(r: RoleRow) -> Option<Event> {
    let date = day_of(r.start.as_deref())?;
    let word = r.role.unwrap_or_default();
    let (holder, company) = (
        named(&r.holder, &r.holder_id),
        named(&r.company, &r.company_id),
    );
    let mut event = Event::new(
        date,
        EventKind::Role,
        format!("{holder} 任 {company}{}", role_zh(&word)),
        format!("{holder}: {} of {company}", role_en(&word)),
        vec![r.holder_id, r.company_id],
    );
    event.end_date = day_of(r.end.as_deref());
    Some(event)
}

fn kin(r: KinRow) -> Option<Event> {
    let (official, relative) = (
        named(&r.official, &r.official_id),
        named(&r.relative, &r.relative_id),
    );
    let (term_zh, term_en) = (r.term_zh.unwrap_or_default(), r.term_en.unwrap_or_default());
    // The contract gives kin ties no dates: the relative's birth is a fact of the record;
    // otherwise the day the graph learned of the relative, said as such.
    let (date, zh, en) = match day_of(r.born.as_deref()) {
        Some(born) => (born, "出生", "born"),
        None => (day_of(r.recorded.as_deref())?, "记录", "recorded"),
    };
    Some(Event::new(
        date,
        EventKind::Kin,
        format!("{official}的{term_zh} {relative}（{zh}）"),
        format!("{relative}, {term_en} of {official} ({en})"),
        vec![r.official_id, r.relative_id],
    ))
}

fn contract(r: ContractRow) -> Option<Event> {
    let date = day_of(r.date.as_deref())?;
    let title = named(&r.title, &r.id);
    let supplier = r.supplier.clone().unwrap_or_else(|| "?".into());
    let buyer = r.buyer.clone().unwrap_or_else(|| "?".into());
    let approver = r
        .approver
        .as_ref()
        .map(|a| (format!("，{a}审批"), format!(", approved by {a}")))
        .unwrap_or_default();
    let amount = yuan(r.amount);
    let mut entities = vec![r.id.clone()];
    entities.extend(ids([&r.buyer_id, &r.supplier_id, &r.approver_id]));
    let mut event = Event::new(
        date,
        EventKind::Contract,
        format!(
            "{buyer}将「{title}」发包给{supplier}，{amount} 元{}",
            approver.0
        ),
        format!(
            "{buyer} awarded “{title}” to {supplier}, {amount} yuan{}",
            approver.1
        ),
        entities,
    );
    event.amount = r.amount;
    Some(event)
}

fn payment(r: PaymentRow) -> Option<Event> {
    let date = day_of(r.date.as_deref())?;
    let payer = r.payer.clone().unwrap_or_else(|| "?".into());
    let payee = r.payee.clone().unwrap_or_else(|| "?".into());
    let purpose = r.purpose.clone().unwrap_or_default();
    let handler = r
        .handler
        .as_ref()
        .map(|h| (format!("，经手人{h}"), format!(", handled by {h}")))
        .unwrap_or_default();
    let amount = yuan(r.amount);
    let mut entities = vec![r.id.clone()];
    entities.extend(ids([&r.payer_id, &r.payee_id, &r.handler_id]));
    let mut event = Event::new(
        date,
        EventKind::Payment,
        format!("{payer}付{payee} {amount} 元（{purpose}）{}", handler.0),
        format!(
            "{payer} paid {payee} {amount} yuan ({purpose}){}",
            handler.1
        ),
        entities,
    );
    event.amount = r.amount;
    Some(event)
}

/// The tips with these ids that `scope` sees, each on the day it was received. The title
/// names the tip only: its words are in `text`, which viewers never read.
pub(crate) async fn tip_events(
    graph: &Graph,
    tips: &[String],
    scope: Scope<'_>,
) -> Result<Vec<Event>, DbError> {
    if tips.is_empty() {
        return Ok(Vec::new());
    }
    let file = &cypher::TIMELINE_TIPS;
    let mut rows = graph
        .execute_read(
            read_query(file.text)
                .param("ids", tips.to_vec())
                .param("scope", scope_param(scope)),
        )
        .await
        .origin(file.path)?;
    let mut events = Vec::new();
    while let Some(row) = rows.next().await.origin(file.path)? {
        let id: String = row.get("id").unwrap_or_default();
        let received: Option<String> = row.get("received_on").ok();
        let Some(date) = day_of(received.as_deref()) else {
            continue;
        };
        let mut event = Event::new(
            date,
            EventKind::Tip,
            format!("收到举报 {id}"),
            format!("Tip {id} received"),
            row.get("subjects").unwrap_or_default(),
        );
        event.tip = Some(id);
        event.text = row.get("text").ok();
        events.push(event);
    }
    Ok(events)
}

/// One entry of an alert's history (triage, or a scan's retiring and finding again).
#[derive(Debug, Deserialize)]
struct HistoryEntry {
    at: Option<String>,
    by: Option<String>,
    from: Option<String>,
    status: Option<String>,
    note: Option<String>,
}

/// The alerts with these ids that `scope` sees: each on the day it was first raised, and
/// each change of its status on its day.
pub(crate) async fn alert_events(
    graph: &Graph,
    alerts: &[String],
    scope: Scope<'_>,
) -> Result<Vec<Event>, DbError> {
    if alerts.is_empty() {
        return Ok(Vec::new());
    }
    let file = &cypher::TIMELINE_ALERTS;
    let mut rows = graph
        .execute_read(
            read_query(file.text)
                .param("ids", alerts.to_vec())
                .param("scope", scope_param(scope)),
        )
        .await
        .origin(file.path)?;
    let mut events = Vec::new();
    while let Some(row) = rows.next().await.origin(file.path)? {
        let text = |k: &str| row.get::<String>(k).unwrap_or_default();
        let id = text("id");
        let subjects: Vec<String> = row.get("subjects").unwrap_or_default();
        let Some(date) = day_of(Some(&text("first_seen"))) else {
            continue;
        };
        let severity = Severity::parse(&text("severity"));
        let level = severity.map(|s| format!("（{s}）")).unwrap_or_default();
        let mut event = Event::new(
            date,
            EventKind::Alert,
            format!("预警{level}：{}", text("summary_zh")),
            format!("Alert: {}", text("summary_en")),
            subjects.clone(),
        );
        event.alert = Some(id.clone());
        event.pattern = PatternId::parse(&text("pattern"));
        event.severity = severity;
        events.push(event);
        let history: Vec<String> = row.get("history").unwrap_or_default();
        for entry in history
            .iter()
            .filter_map(|h| serde_json::from_str::<HistoryEntry>(h).ok())
        {
            let Some(day) = day_of(entry.at.as_deref()) else {
                continue;
            };
            let word = |w: &Option<String>| {
                w.as_deref()
                    .and_then(AlertStatus::parse)
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|| "—".into())
            };
            let (from, to) = (word(&entry.from), word(&entry.status));
            let by = entry.by.unwrap_or_default();
            let mut event = Event::new(
                day,
                EventKind::Triage,
                format!("预警 {id} 研判：{from} → {to}（{by}）"),
                format!("Alert {id} triaged: {from} → {to} ({by})"),
                subjects.clone(),
            );
            event.alert = Some(id.clone());
            event.text = entry.note.filter(|n| !n.is_empty());
            events.push(event);
        }
    }
    Ok(events)
}

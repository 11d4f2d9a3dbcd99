//! A case's timeline: the events of everything it includes (entities, alerts, tips) and its
//! own status changes and notes, read through [`crate::cases::get`] (so a case the scope
//! does not see is absent, exactly as on the case's page).

use neo4rs::Graph;

use super::events::{alert_events, entity_events, tip_events};
use super::{day_of, Event, EventKind, TimelineError};
use crate::cases;
use crate::scope::Scope;

/// The events of case `id` as `scope` sees it, with `Case` and its title: `None` when there
/// is no such case or the scope does not see it. Not yet cut to a range nor ordered.
pub async fn case_events(
    graph: &Graph,
    id: &str,
    scope: Scope<'_>,
) -> Result<Option<(String, String, Vec<Event>)>, TimelineError> {
    let Some(case) = cases::get(graph, id, scope).await? else {
        return Ok(None);
    };
    let mut events = Vec::new();
    let (mut alerts, mut tips) = (Vec::new(), Vec::new());
    for item in &case.items {
        match item.kind.as_str() {
            "alert" => alerts.push(item.id.clone()),
            "tip" => tips.push(item.id.clone()),
            _ => {
                if let Some((_, _, found)) = entity_events(graph, &item.id, scope).await? {
                    events.extend(found);
                }
            }
        }
    }
    events.extend(alert_events(graph, &alerts, scope).await?);
    events.extend(tip_events(graph, &tips, scope).await?);
    for change in &case.history {
        let Some(date) = day_of(Some(&change.at)) else {
            continue;
        };
        let from = change.from.map(|s| format!("{} → ", s.label()));
        let (zh, en) = match &change.disposition {
            Some(d) => (format!("，处理：{d}"), format!(", disposition: {d}")),
            None => Default::default(),
        };
        let status = change.status.label();
        let mut event = Event::new(
            date,
            EventKind::CaseStatus,
            format!(
                "案件 {}：{}{status}{zh}（{}）",
                case.id,
                from.clone().unwrap_or_else(|| "立案登记 ".into()),
                change.by
            ),
            format!(
                "Case {}: {}{status}{en} ({})",
                case.id,
                from.unwrap_or_else(|| "opened, ".into()),
                change.by
            ),
            Vec::new(),
        );
        event.case = Some(case.id.clone());
        events.push(event);
    }
    for note in &case.notes {
        let Some(date) = day_of(Some(&note.at)) else {
            continue;
        };
        let mut event = Event::new(
            date,
            EventKind::CaseNote,
            format!("案件 {} 记录（{}）", case.id, note.by),
            format!("Case {}: note by {}", case.id, note.by),
            Vec::new(),
        );
        event.case = Some(case.id.clone());
        event.text = Some(note.text.clone());
        events.push(event);
    }
    Ok(Some(("Case".to_string(), case.title, events)))
}

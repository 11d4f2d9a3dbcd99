//! Timelines: the dated events around a person, org, company or case on one time axis, for
//! `guanxi timeline ID` and `GET /api/timeline/{id}` (and the page's `#/timeline/ID`).
//!
//! An entity's events are the posts held by it or in it, company roles (both directions),
//! derived kin (both directions), contracts it bought, won or approved, payments it made,
//! received or handled, the tips naming it, the alerts concerning it and their triage
//! history (`cypher/timeline/`). A case's events are the union of its items' events plus its
//! own status changes and notes ([`case`]). Each event has a day; a kin tie has none in the
//! data contract, so it stands on the relative's birth date (from a `SAME_AS` record if need
//! be), or else on the day the relative was recorded, and its title says which.
//!
//! Region scope: an entity (or case) the scope does not see is `Ok(None)`, which callers
//! answer like an unknown id; an event one of whose entities the scope does not see is
//! dropped, so a timeline never names what its reader may not see. Viewers' masking is the
//! HTTP layer's (`views::Shape::Timeline`): a tip's text and a note's text are in `text`,
//! which no viewer reads.

pub mod case;
mod events;
mod render;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use neo4rs::Graph;
use serde::Serialize;

use crate::cases::CaseError;
use crate::db::DbError;
use crate::domain::{PatternId, Severity};
use crate::scope::{self, Scope};

pub use events::entity_events;
pub use render::render;

crate::word_enum! {
    /// What an event is; also the order of the chart's rows and of events on one day.
    pub enum EventKind {
        /// A post held (任职), from start to end.
        Post = "post",
        /// A role in a company (法定代表人, 股东 ...), from start to end.
        Role = "role",
        /// A kin tie (外甥女 ...), on the relative's birth date or the day it was recorded.
        Kin = "kin",
        /// A contract awarded (on its award date, else its publication).
        Contract = "contract",
        /// A payment made (on its payment date, else its booking).
        Payment = "payment",
        /// A tip received (信访举报).
        Tip = "tip",
        /// An alert first raised by a scan.
        Alert = "alert",
        /// A change of an alert's triage status.
        Triage = "triage",
        /// A case's status change (its creation first).
        CaseStatus = "case_status",
        /// A note in a case's log.
        CaseNote = "case_note",
    }
}

impl EventKind {
    /// The row's name on the chart and in the list, Chinese first.
    pub const fn zh(self) -> &'static str {
        match self {
            EventKind::Post => "任职",
            EventKind::Role => "企业任职",
            EventKind::Kin => "亲属",
            EventKind::Contract => "合同",
            EventKind::Payment => "付款",
            EventKind::Tip => "举报",
            EventKind::Alert => "预警",
            EventKind::Triage => "研判",
            EventKind::CaseStatus => "案件状态",
            EventKind::CaseNote => "案件记录",
        }
    }
}

/// One dated event.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Event {
    /// The day it happened, or began (YYYY-MM-DD).
    pub date: NaiveDate,
    /// The day it ended (posts and roles); none while it lasts or for a one-day event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    /// What it is.
    pub kind: EventKind,
    /// In Chinese.
    pub title_zh: String,
    /// In English.
    pub title_en: String,
    /// The entities involved (ids).
    pub entities: Vec<String>,
    /// The alert, for an alert or a triage event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    /// The case, for a case's own events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    /// The tip, for a tip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tip: Option<String>,
    /// Yuan, for a contract or a payment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    /// An alert's pattern.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<PatternId>,
    /// An alert's severity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// Free text: a tip's words, a triage or case note (investigators only: no viewer
    /// reads it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Event {
    /// An event with no ids, amount or text yet.
    pub(crate) fn new(
        date: NaiveDate,
        kind: EventKind,
        title_zh: String,
        title_en: String,
        entities: Vec<String>,
    ) -> Self {
        Event {
            date,
            end_date: None,
            kind,
            title_zh,
            title_en,
            entities,
            alert: None,
            case: None,
            tip: None,
            amount: None,
            pattern: None,
            severity: None,
            text: None,
        }
    }

    /// Whether the event's span (`date` to `end_date`; a post still held lasts) meets the
    /// range.
    fn within(&self, range: &DateRange) -> bool {
        let starts_in_time = range.to.is_none_or(|to| self.date <= to);
        let lasts_long_enough = match (range.from, self.end_date) {
            (None, _) => true,
            (Some(from), Some(end)) => end >= from,
            // Open-ended: a post or role still held; a one-day event is its own end.
            (Some(_), None) if matches!(self.kind, EventKind::Post | EventKind::Role) => true,
            (Some(from), None) => self.date >= from,
        };
        starts_in_time && lasts_long_enough
    }
}

/// A timeline.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Timeline {
    /// The entity or case.
    pub id: String,
    /// `Person`, `Org`, `Company`, ... or `Case`.
    pub kind: String,
    /// Its name (a case's title).
    pub name: String,
    /// The range asked for (YYYY-MM-DD).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// Its end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// The events, oldest first (on one day in the order of [`EventKind`]).
    pub events: Vec<Event>,
}

/// A range of days, either end open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    /// First day.
    pub from: Option<NaiveDate>,
    /// Last day.
    pub to: Option<NaiveDate>,
}

impl DateRange {
    /// The range given as text (`2015-01-01`, `2015/1/1`, `2015年1月1日`; empty means open).
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<Self, TimelineError> {
        let day = |which: &'static str, text: Option<&str>| {
            text.map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| {
                    crate::domain::parse_date(t).map_err(|e| TimelineError::BadDate {
                        which,
                        reason: e.to_string(),
                    })
                })
                .transpose()
        };
        let range = DateRange {
            from: day("from", from)?,
            to: day("to", to)?,
        };
        if let (Some(from), Some(to)) = (range.from, range.to) {
            if from > to {
                return Err(TimelineError::BadRange { from, to });
            }
        }
        Ok(range)
    }
}

/// What can go wrong with a timeline.
#[derive(Debug, thiserror::Error)]
pub enum TimelineError {
    /// Neo4j failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// Reading the case failed.
    #[error(transparent)]
    Case(#[from] CaseError),
    /// `from` or `to` is not a date.
    #[error("{which}: {reason} (a date such as 2015-01-31)")]
    BadDate {
        /// `from` or `to`.
        which: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The range ends before it starts.
    #[error("from {from} is after to {to}")]
    BadRange {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
}

/// The timeline of `id` (an entity or a case) as `scope` sees it, within `range`: `None`
/// when there is no such entity or case, or the scope does not see it.
pub async fn timeline(
    graph: &Graph,
    id: &str,
    scope: Scope<'_>,
    range: DateRange,
) -> Result<Option<Timeline>, TimelineError> {
    let found = match entity_events(graph, id, scope).await? {
        Some(found) => Some(found),
        None => case::case_events(graph, id, scope).await?,
    };
    let Some((kind, name, events)) = found else {
        return Ok(None);
    };
    let mut events = visible(graph, events, scope).await?;
    events.retain(|e| e.within(&range));
    Ok(Some(Timeline {
        id: id.to_string(),
        kind,
        name,
        from: range.from,
        to: range.to,
        events: ordered(events),
    }))
}

/// The events none of whose entities lie outside `scope`.
async fn visible(
    graph: &Graph,
    mut events: Vec<Event>,
    scope: Scope<'_>,
) -> Result<Vec<Event>, DbError> {
    if scope.is_none() {
        return Ok(events);
    }
    let mut ids: Vec<String> = events.iter().flat_map(|e| e.entities.clone()).collect();
    ids.sort();
    ids.dedup();
    let seen = scope::visible_ids(graph, &ids, scope).await?;
    events.retain(|e| e.entities.iter().all(|id| seen.contains(id)));
    Ok(events)
}

/// The events oldest first, one of each: two events alike but for their entities (a kin tie
/// to both records of one relative) become one naming all of them.
fn ordered(events: Vec<Event>) -> Vec<Event> {
    let mut merged: BTreeMap<(NaiveDate, EventKind, String, String), Event> = BTreeMap::new();
    for event in events {
        let key = (
            event.date,
            event.kind,
            event.title_zh.clone(),
            [&event.alert, &event.case, &event.tip]
                .into_iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
        );
        match merged.get_mut(&key) {
            Some(kept) => {
                for id in event.entities {
                    if !kept.entities.contains(&id) {
                        kept.entities.push(id);
                    }
                }
            }
            None => {
                merged.insert(key, event);
            }
        }
    }
    merged.into_values().collect()
}

/// The day of a stored date or date-time (`2015-05-12`, `2026-11-30T20:55:05Z`).
pub(crate) fn day_of(text: Option<&str>) -> Option<NaiveDate> {
    let text = text?;
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(date: &str, kind: EventKind, end: Option<&str>) -> Event {
        let mut e = Event::new(
            day_of(Some(date)).unwrap(),
            kind,
            "x".into(),
            "x".into(),
            vec![],
        );
        e.end_date = day_of(end);
        e
    }

    #[test]
    fn a_range_keeps_what_meets_it() {
        let range = DateRange::parse(Some("2015-01-01"), Some("2015年12月31日")).unwrap();
        assert!(on("2015-05-12", EventKind::Contract, None).within(&range));
        assert!(!on("2016-06-08", EventKind::Contract, None).within(&range));
        assert!(!on("2014-12-31", EventKind::Contract, None).within(&range));
        // A post held since 2008 and never left is held in 2015; one left in 2010 is not.
        assert!(on("2008-03-01", EventKind::Post, None).within(&range));
        assert!(!on("2008-03-01", EventKind::Post, Some("2010-01-01")).within(&range));
    }

    #[test]
    fn bad_dates_and_backward_ranges_are_refused() {
        let e = DateRange::parse(Some("2015-13-01"), None).unwrap_err();
        assert!(e.to_string().starts_with("from:"), "{e}");
        let e = DateRange::parse(None, Some("soon")).unwrap_err();
        assert!(e.to_string().starts_with("to:"), "{e}");
        let e = DateRange::parse(Some("2016-01-01"), Some("2015-01-01")).unwrap_err();
        assert!(matches!(e, TimelineError::BadRange { .. }));
        assert_eq!(
            DateRange::parse(Some(" "), None).unwrap(),
            DateRange::default()
        );
    }

    #[test]
    fn the_same_event_of_two_records_is_one() {
        let mut a = on("1988-12-06", EventKind::Kin, None);
        a.entities = vec!["p-wang-jianguo".into(), "p-zhao-li".into()];
        let mut b = a.clone();
        b.entities = vec!["p-wang-jianguo".into(), "p-zhao-li-reg".into()];
        let post = on("2008-03-01", EventKind::Post, None);
        let events = ordered(vec![post, a, b]);
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].kind, EventKind::Kin);
        assert_eq!(events[0].entities.len(), 3);
    }
}

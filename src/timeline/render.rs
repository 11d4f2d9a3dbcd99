//! A timeline as text for a terminal (`guanxi timeline ID`): one line per event, oldest
//! first, Chinese first with English beside.

use super::Timeline;

/// One line per event: day (and end), kind, titles, and the alert, case or tip it is about.
pub fn render(timeline: &Timeline) -> String {
    let mut out = format!(
        "时间线 Timeline of {} {} ({})\n",
        timeline.id, timeline.name, timeline.kind
    );
    if timeline.from.is_some() || timeline.to.is_some() {
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        out.push_str(&format!("{} … {}\n", day(timeline.from), day(timeline.to)));
    }
    if timeline.events.is_empty() {
        out.push_str("（无事件）no events\n");
        return out;
    }
    for e in &timeline.events {
        let end = e.end_date.map(|d| format!(" – {d}")).unwrap_or_default();
        let about = [&e.alert, &e.case, &e.tip]
            .into_iter()
            .flatten()
            .map(|id| format!(" [{id}]"))
            .collect::<String>();
        out.push_str(&format!(
            "{}{end}\t{} {}\t{} / {}{about}\n",
            e.date,
            e.kind.zh(),
            e.kind,
            e.title_zh,
            e.title_en
        ));
    }
    out
}

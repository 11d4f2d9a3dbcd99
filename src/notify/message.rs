//! What a notification says: the alert as the target's role would read it (a viewer's view,
//! masked per `crate::views`, unless the target is an investigator's), in the generic
//! webhook JSON or a DingTalk markdown message (Chinese first, English beside), and the
//! DingTalk signature (`timestamp` in ms + "\n" + secret, HMAC-SHA256 keyed with the
//! secret, base64, URL-encoded).

use base64::Engine;
use hmac::{Hmac, Mac};
use serde::Serialize;
use serde_json::{json, Value};
use sha2::Sha256;

use crate::domain::{AlertStatus, PatternId, Role, Severity};
use crate::scan::alerts::Summary;
use crate::views::{self, Shape};

/// An alert a scan opened, as the queue reads it.
#[derive(Debug, Clone, Serialize)]
pub struct OpenedAlert {
    /// Fingerprint.
    pub id: String,
    /// Pattern id.
    pub pattern: PatternId,
    /// How severe.
    pub severity: Severity,
    /// Ids of the entities it is about.
    pub subjects: Vec<String>,
    /// What it says.
    pub summary: Summary,
    /// Where its triage stands (`new`).
    pub status: AlertStatus,
    /// First scan that raised it.
    pub first_seen: String,
    /// Latest scan that raised it.
    pub last_seen: String,
    /// `true`: raised for the first time; `false`: reopened (returned or evidence changed).
    #[serde(skip)]
    pub created: bool,
    /// The orgs whose region scope sees it (for the target's `scope` filter; not sent).
    #[serde(skip)]
    pub scope_orgs: Vec<String>,
    /// The entities of its evidence (for the target's `watchlist` filter; not sent).
    #[serde(skip)]
    pub evidence_ids: Vec<String>,
}

/// A pattern's titles.
#[derive(Debug, Clone, Serialize)]
pub struct Titles {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

/// The alert as `role` reads it in an alert list (the viewer's allow-list and masks).
fn alert_view(alert: &OpenedAlert, role: Role) -> Value {
    let mut list = json!({ "alerts": [alert] });
    views::apply(role, Shape::AlertList, &mut list);
    list["alerts"][0].take()
}

/// The generic webhook body: `event` (`alert.new` or `alert.reopened`), the scan, the
/// pattern's titles and the alert as the role reads it.
pub fn webhook_body(alert: &OpenedAlert, titles: &Titles, role: Role, scan: &str) -> Value {
    json!({
        "event": event(alert),
        "scan": scan,
        "pattern": { "id": alert.pattern, "title_zh": titles.zh, "title_en": titles.en },
        "alert": alert_view(alert, role),
    })
}

fn event(alert: &OpenedAlert) -> &'static str {
    if alert.created {
        "alert.new"
    } else {
        "alert.reopened"
    }
}

/// The DingTalk robot body: a markdown message, Chinese first.
pub fn dingtalk_body(alert: &OpenedAlert, titles: &Titles, role: Role) -> Value {
    let view = alert_view(alert, role);
    let text_of = |key: &str| {
        view["summary"][key]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let (word_zh, word_en) = if alert.created {
        ("新预警", "New alert")
    } else {
        ("预警重新打开", "Alert reopened")
    };
    let title = format!("{word_zh}：{}", titles.zh);
    let text = format!(
        "### {word_zh}：{} / {word_en}: {}\n\n\
         - 严重程度 Severity：**{}** ({})\n\
         - 预警编号 Alert：`{}`\n\n\
         {}\n\n> {}\n",
        titles.zh,
        titles.en,
        alert.severity.zh(),
        alert.severity,
        alert.id,
        text_of("zh"),
        text_of("en"),
    );
    json!({ "msgtype": "markdown", "markdown": { "title": title, "text": text } })
}

/// A new tip naming what a watcher watches (sent only to targets with a `watchlist`).
#[derive(Debug, Clone, Serialize)]
pub struct NewTip {
    /// Tip id.
    pub id: String,
    /// When it was received.
    pub received_on: Option<String>,
    /// Its text (a complainant's words: never in a viewer's message).
    pub text: String,
    /// The watched ids it names (or the watched regions it lies in).
    pub watched: Vec<String>,
}

/// The tip as `role` reads it: a viewer's view holds no tip text (as the role views of
/// `/api/tips` refuse viewers), an investigator's the whole text.
fn tip_view(tip: &NewTip, role: Role) -> Value {
    let mut view = json!({ "id": tip.id, "received_on": tip.received_on, "watched": tip.watched });
    if role >= Role::Investigator {
        view["text"] = json!(tip.text);
    }
    view
}

/// The generic webhook body of a new tip: `event` `tip.new`, the watchlist and the tip.
pub fn tip_webhook_body(tip: &NewTip, role: Role, watchlist: &str) -> Value {
    json!({ "event": "tip.new", "watchlist": watchlist, "tip": tip_view(tip, role) })
}

/// The DingTalk markdown of a new tip, Chinese first.
pub fn tip_dingtalk_body(tip: &NewTip, role: Role) -> Value {
    let view = tip_view(tip, role);
    let mut text = format!(
        "### 关注对象有新举报 / New tip on your watchlist\n\n\
         - 举报编号 Tip：`{}`\n\
         - 收到日期 Received：{}\n\
         - 关注对象 Watched：{}\n",
        tip.id,
        tip.received_on.as_deref().unwrap_or("-"),
        tip.watched.join("、"),
    );
    if let Some(words) = view["text"].as_str() {
        text.push_str(&format!("\n> {words}\n"));
    }
    json!({ "msgtype": "markdown", "markdown": { "title": "关注对象有新举报", "text": text } })
}

/// DingTalk's signature of `timestamp_ms` with `secret`, URL-encoded.
pub fn dingtalk_sign(timestamp_ms: i64, secret: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(format!("{timestamp_ms}\n{secret}").as_bytes());
    let signed = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    form_urlencoded::byte_serialize(signed.as_bytes()).collect()
}

/// The URL of a signed DingTalk request: `&timestamp=..&sign=..` appended.
pub fn dingtalk_url(url: &reqwest::Url, timestamp_ms: i64, secret: &str) -> String {
    let separator = if url.query().is_some() { '&' } else { '?' };
    format!(
        "{url}{separator}timestamp={timestamp_ms}&sign={}",
        dingtalk_sign(timestamp_ms, secret)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert() -> OpenedAlert {
        OpenedAlert {
            id: "al-1".into(),
            pattern: PatternId::KinSupplier,
            severity: Severity::High,
            subjects: vec!["p-1".into()],
            summary: Summary {
                zh: "王建国（身份证 110105196201010021）的外甥女".into(),
                en: "Wang Jianguo (ID 110105196201010021)".into(),
            },
            status: AlertStatus::New,
            first_seen: "t".into(),
            last_seen: "t".into(),
            created: true,
            scope_orgs: vec!["org-1".into()],
            evidence_ids: vec!["p-1".into()],
        }
    }

    #[test]
    fn viewers_get_masked_summaries_and_investigators_whole_ones() {
        let titles = Titles {
            zh: "亲属供应商".into(),
            en: "Kin supplier".into(),
        };
        let masked = webhook_body(&alert(), &titles, Role::Viewer, "scan-1").to_string();
        assert!(!masked.contains("110105196201010021"), "{masked}");
        assert!(!masked.contains("scope_orgs"), "{masked}");
        assert!(masked.contains("alert.new"));
        let whole = webhook_body(&alert(), &titles, Role::Investigator, "scan-1").to_string();
        assert!(whole.contains("110105196201010021"));
        let ding = dingtalk_body(&alert(), &titles, Role::Viewer);
        assert_eq!(ding["msgtype"], "markdown");
        let text = ding["markdown"]["text"].as_str().unwrap();
        assert!(text.find("亲属供应商").unwrap() < text.find("Kin supplier").unwrap());
        assert!(!text.contains("110105196201010021"));
    }

    #[test]
    fn viewers_get_no_tip_text() {
        let tip = NewTip {
            id: "t-1".into(),
            received_on: Some("2026-11-20".into()),
            text: "举报王建国".into(),
            watched: vec!["p-1".into()],
        };
        let masked = tip_webhook_body(&tip, Role::Viewer, "desk").to_string();
        assert!(
            !masked.contains("举报王建国") && masked.contains("tip.new"),
            "{masked}"
        );
        let whole = tip_dingtalk_body(&tip, Role::Investigator);
        let text = whole["markdown"]["text"].as_str().unwrap();
        assert!(
            text.contains("举报王建国") && text.contains("p-1"),
            "{text}"
        );
        let ding = tip_dingtalk_body(&tip, Role::Viewer).to_string();
        assert!(!ding.contains("举报王建国"), "{ding}");
    }

    #[test]
    fn dingtalk_signature_follows_its_rule() {
        // Recomputed by hand from the rule: the signature is URL-safe text.
        let sign = dingtalk_sign(1_700_000_000_000, "SEC-test");
        assert!(!sign.contains('+') && !sign.contains('/') && !sign.contains('='));
        let url =
            reqwest::Url::parse("https://oapi.dingtalk.com/robot/send?access_token=x").unwrap();
        let signed = dingtalk_url(&url, 1_700_000_000_000, "SEC-test");
        assert!(signed.ends_with(&format!("&timestamp=1700000000000&sign={sign}")));
    }
}

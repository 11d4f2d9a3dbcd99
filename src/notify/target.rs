//! A notification target as configured (`[[notify]]` in `guanxi.toml`), parsed at the
//! boundary: the URL checked, kind, role, severity and pattern ids as enums, so a typo in
//! the configuration is a settings error at start-up instead of a silent non-delivery.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

use crate::domain::{PatternId, Role, Severity};
use crate::settings::Secret;

crate::word_enum! {
    /// The message format a target takes.
    pub enum TargetKind {
        /// A generic JSON POST (one alert per request).
        Webhook = "webhook",
        /// A DingTalk group robot (`msgtype: markdown`, optional signing secret).
        Dingtalk = "dingtalk",
    }
}

/// One `[[notify]]` target.
#[derive(Clone, Deserialize)]
#[serde(try_from = "RawTarget")]
pub struct Target {
    /// Its name in logs and metrics (never the URL, which may carry an access token).
    pub name: String,
    /// Message format.
    pub kind: TargetKind,
    /// Where to POST (http or https).
    pub url: reqwest::Url,
    /// DingTalk signing secret (`加签`).
    pub secret: Option<Secret>,
    /// Whose view of an alert the message carries: `viewer` (masked, the default: the
    /// message leaves guanxi) or `investigator`.
    pub role: Role,
    /// Alerts below this severity are not sent.
    pub min_severity: Severity,
    /// Only these patterns (empty: all).
    pub patterns: Vec<PatternId>,
    /// Only alerts whose region scope includes one of these org ids (empty: all).
    pub scope: Vec<String>,
    /// Only alerts (and new tips) touching what the watcher of this token name watches
    /// (`crate::watch`), within that token's scope; without it, tips are not sent.
    pub watchlist: Option<String>,
    /// How long one attempt may take.
    pub timeout: Duration,
    /// Attempts after the first failed one.
    pub retries: u32,
    /// Wait before the first retry; doubled before each next one.
    pub backoff: Duration,
}

impl fmt::Debug for Target {
    // The URL stays out: a DingTalk URL carries its access token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Target")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("role", &self.role)
            .field("min_severity", &self.min_severity)
            .field("patterns", &self.patterns)
            .field("scope", &self.scope)
            .field("watchlist", &self.watchlist)
            .finish_non_exhaustive()
    }
}

/// A target as the TOML file writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    kind: TargetKind,
    url: String,
    name: Option<String>,
    secret: Option<Secret>,
    #[serde(default = "default_role")]
    role: Role,
    #[serde(default = "default_severity")]
    min_severity: Severity,
    #[serde(default)]
    patterns: Vec<PatternId>,
    #[serde(default)]
    scope: Vec<String>,
    watchlist: Option<String>,
    #[serde(default = "default_timeout_secs")]
    timeout_secs: u64,
    #[serde(default = "default_retries")]
    retries: u32,
    #[serde(default = "default_backoff_ms")]
    backoff_ms: u64,
}

fn default_role() -> Role {
    Role::Viewer
}
fn default_severity() -> Severity {
    Severity::Low
}
fn default_timeout_secs() -> u64 {
    10
}
fn default_retries() -> u32 {
    3
}
fn default_backoff_ms() -> u64 {
    1000
}

impl TryFrom<RawTarget> for Target {
    type Error = String;

    fn try_from(raw: RawTarget) -> Result<Self, String> {
        // The message never repeats the URL: it may carry an access token.
        let url =
            reqwest::Url::parse(&raw.url).map_err(|e| format!("notify.url is not a URL ({e})"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!(
                "notify.url must be http or https, not {}",
                url.scheme()
            ));
        }
        if raw.secret.is_some() && raw.kind != TargetKind::Dingtalk {
            return Err("notify.secret is only for kind = \"dingtalk\"".into());
        }
        if raw.timeout_secs == 0 {
            return Err("notify.timeout_secs must be at least 1".into());
        }
        let name = raw
            .name
            .unwrap_or_else(|| format!("{}@{}", raw.kind, url.host_str().unwrap_or("unknown")));
        Ok(Self {
            name,
            kind: raw.kind,
            url,
            secret: raw.secret,
            role: raw.role,
            min_severity: raw.min_severity,
            patterns: raw.patterns,
            scope: raw.scope,
            watchlist: raw
                .watchlist
                .map(|w| w.trim().to_string())
                .filter(|w| !w.is_empty()),
            timeout: Duration::from_secs(raw.timeout_secs),
            retries: raw.retries,
            backoff: Duration::from_millis(raw.backoff_ms),
        })
    }
}

/// What the filter needs to know of an alert.
#[derive(Debug, Clone, Copy)]
pub struct Filtered<'a> {
    /// Its pattern.
    pub pattern: PatternId,
    /// Its severity.
    pub severity: Severity,
    /// The orgs whose scope sees it.
    pub scope_orgs: &'a [String],
}

impl Target {
    /// Whether this target wants the alert.
    pub fn wants(&self, alert: Filtered<'_>) -> bool {
        alert.severity >= self.min_severity
            && (self.patterns.is_empty() || self.patterns.contains(&alert.pattern))
            && (self.scope.is_empty() || alert.scope_orgs.iter().any(|o| self.scope.contains(o)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Target>, toml::de::Error> {
        #[derive(Deserialize)]
        struct File {
            notify: Vec<Target>,
        }
        toml::from_str::<File>(text).map(|f| f.notify)
    }

    #[test]
    fn targets_parse_into_typed_values() {
        let targets = parse(
            "[[notify]]\nkind = \"dingtalk\"\nurl = \"https://oapi.dingtalk.com/robot/send?access_token=abc\"\nsecret = \"SECabc\"\nmin_severity = \"high\"\npatterns = [\"kin-supplier\"]\n\
             [[notify]]\nkind = \"webhook\"\nname = \"soc\"\nurl = \"http://127.0.0.1:9/hook\"\nrole = \"investigator\"\nscope = [\"org-1\"]\n",
        )
        .unwrap();
        assert_eq!(targets[0].kind, TargetKind::Dingtalk);
        assert_eq!(targets[0].name, "dingtalk@oapi.dingtalk.com");
        assert_eq!(targets[0].patterns, vec![PatternId::KinSupplier]);
        assert_eq!(targets[0].role, Role::Viewer);
        assert!(!format!("{:?}", targets[0]).contains("access_token"));
        assert_eq!(targets[1].role, Role::Investigator);
        fn kin(severity: Severity, orgs: &[String]) -> Filtered<'_> {
            Filtered {
                pattern: PatternId::KinSupplier,
                severity,
                scope_orgs: orgs,
            }
        }
        assert!(targets[0].wants(kin(Severity::High, &[])));
        assert!(!targets[0].wants(kin(Severity::Medium, &[])));
        assert!(!targets[1].wants(kin(Severity::High, &["org-2".into()])));
        assert!(targets[1].wants(kin(Severity::Low, &["org-1".into()])));
    }

    #[test]
    fn bad_targets_are_refused_with_the_reason() {
        let unknown = parse(
            "[[notify]]\nkind = \"webhook\"\nurl = \"http://x/\"\npatterns = [\"no-such\"]\n",
        );
        assert!(unknown.unwrap_err().to_string().contains("no-such"));
        let scheme = parse("[[notify]]\nkind = \"webhook\"\nurl = \"ftp://x/\"\n");
        assert!(scheme.unwrap_err().to_string().contains("http or https"));
        let kind = parse("[[notify]]\nkind = \"mail\"\nurl = \"http://x/\"\n");
        assert!(kind.unwrap_err().to_string().contains("mail"));
        let secret = parse("[[notify]]\nkind = \"webhook\"\nurl = \"http://x/\"\nsecret = \"s\"\n");
        assert!(secret.unwrap_err().to_string().contains("dingtalk"));
    }

    #[test]
    fn the_readme_example_configuration_parses() {
        let readme = include_str!("../../README.md");
        let start = readme
            .find("Example `guanxi.toml`:")
            .expect("the README's example");
        let block = &readme[start..];
        let from = block.find("```toml\n").unwrap() + "```toml\n".len();
        let to = from + block[from..].find("```").unwrap();
        let settings: crate::settings::Settings = toml::from_str(&block[from..to]).unwrap();
        assert_eq!(settings.notify.len(), 2);
        assert_eq!(settings.notify[1].role, Role::Investigator);
    }
}

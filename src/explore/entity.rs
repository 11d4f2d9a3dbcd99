//! An entity's page: its properties, provenance, identity links, posts, company roles, kin,
//! family ties and the alerts concerning it.

use neo4rs::Graph;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::kind_of;
use super::words::{older, role_en, role_zh, tie_relation, tie_words};
use crate::cypher;
use crate::db::{read_query, DbError, WithOrigin};
use crate::scope::{scope_param, Scope};

/// Node properties never shown.
const INTERNAL_PROPERTIES: [&str; 2] = ["row_hash", "scope_orgs"];

/// Where a record came from.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Provenance {
    /// Source file of the row.
    pub source_file: Option<String>,
    /// Its line.
    pub source_line: Option<i64>,
    /// The load run that last wrote it.
    pub load_run: Option<String>,
    /// When (RFC 3339).
    pub loaded_at: Option<String>,
    /// The load run that first wrote it.
    pub first_load_run: Option<String>,
}

/// An identity link to another record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IdentityLink {
    /// `SAME_AS` (certain) or `POSSIBLY_SAME_AS` (a candidate for review).
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether the two records are certainly the same.
    pub certain: bool,
    /// The other record's id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Why certain (`id_number`, `name_birth_date`, `credit_code`, or `review`: confirmed
    /// by a person).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// Similarity score of a candidate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Why a candidate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Review status of a candidate (`pending`, `confirmed`, `rejected`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

#[derive(Debug, Deserialize)]
struct SameAsRow {
    id: String,
    name: Option<String>,
    basis: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PossiblyRow {
    id: String,
    name: Option<String>,
    score: Option<f64>,
    reason: Option<String>,
    status: Option<String>,
}

/// A post held (by the person, or in the org, whose page this is).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PositionLink {
    /// The person.
    pub person_id: String,
    /// Their name.
    pub person_name: Option<String>,
    /// The org.
    pub org_id: String,
    /// Its name.
    pub org_name: Option<String>,
    /// The post (村党总支书记).
    pub title: Option<String>,
    /// From (YYYY-MM-DD).
    pub start_date: Option<String>,
    /// Until; none while held.
    pub end_date: Option<String>,
}

/// A role in a company: the companies this entity stands in (`direction: in`), or the people
/// and companies standing in this company (`direction: of`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoleLink {
    /// `in`: this entity holds the role in `id`; `of`: `id` holds the role in this company.
    pub direction: String,
    /// The other entity.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Its kind.
    pub kind: String,
    /// Canonical role (`legal_rep`, `shareholder` ...).
    pub role: String,
    /// In Chinese (法定代表人, 股东 ...).
    pub role_zh: String,
    /// In English.
    pub role_en: String,
    /// Share in percent, for shareholders.
    pub share_pct: Option<f64>,
    /// From.
    pub start_date: Option<String>,
    /// Until.
    pub end_date: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RoleRow {
    direction: String,
    id: String,
    name: Option<String>,
    #[serde(default)]
    labels: Vec<String>,
    role: Option<String>,
    share_pct: Option<f64>,
    start_date: Option<String>,
    end_date: Option<String>,
}

/// Derived kin within the recusal scope (written by scans).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct KinLink {
    /// `relative`: `id` is this official's relative, named by the terms; `official`: this
    /// person is the relative of official `id`, named by the terms.
    pub direction: String,
    /// The other person.
    pub id: String,
    /// Their name.
    pub name: Option<String>,
    /// The relative's relation to the official (外甥女).
    pub term_zh: Option<String>,
    /// In English (niece).
    pub term_en: Option<String>,
    /// The canonical chain (U parent, D child, S spouse, B sibling).
    pub chain: Option<String>,
    /// The person records along the chain.
    #[serde(default)]
    pub path: Option<Vec<String>>,
}

/// A primitive family tie, named from this person's side: `id` is this person's `relation_zh`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TieLink {
    /// `PARENT_OF`, `SPOUSE_OF` or `SIBLING_OF`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The other person.
    pub id: String,
    /// Their name.
    pub name: Option<String>,
    /// What they are to this person (父亲, 女儿, 妻子, 妹妹 ...).
    pub relation_zh: String,
    /// In English.
    pub relation_en: String,
    /// Source file of the tie.
    pub source_file: Option<String>,
    /// Its line.
    pub source_line: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct TieRow {
    #[serde(rename = "type")]
    kind: String,
    outgoing: bool,
    id: String,
    name: Option<String>,
    gender: Option<String>,
    older_id: Option<String>,
    source_file: Option<String>,
    source_line: Option<i64>,
}

/// An alert concerning the entity.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AlertRef {
    /// Alert id.
    pub id: String,
    /// Pattern id.
    pub pattern: Option<String>,
    /// `high`, `medium` or `low`.
    pub severity: Option<String>,
    /// Triage status.
    pub status: Option<String>,
    /// Summary in Chinese.
    pub summary_zh: Option<String>,
    /// Summary in English.
    pub summary_en: Option<String>,
}

/// `GET /api/entities/{id}`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EntityPage {
    /// Entity id.
    pub id: String,
    /// Its kind.
    pub kind: String,
    /// All its labels (`Official` for people holding a post).
    pub labels: Vec<String>,
    /// Name (a contract's title).
    pub name: String,
    /// Every property but internal ones; `id_number` and `phone` are masked for viewers.
    #[schema(value_type = Object)]
    pub properties: serde_json::Map<String, serde_json::Value>,
    /// Where the record came from.
    pub provenance: Provenance,
    /// Identity links to other records.
    pub identity: Vec<IdentityLink>,
    /// Posts held by this person, or in this org.
    pub positions: Vec<PositionLink>,
    /// Company roles, both directions.
    pub company_roles: Vec<RoleLink>,
    /// Derived kin, both directions.
    pub kin: Vec<KinLink>,
    /// Primitive family ties, named in plain words.
    pub ties: Vec<TieLink>,
    /// Alerts concerning the entity.
    pub alerts: Vec<AlertRef>,
}

/// An entity's page: its properties, provenance, identity links, posts, company roles, kin,
/// family ties and the alerts concerning it. `None` when no entity has the id, or `scope`
/// does not see it; its lists leave out what `scope` does not see.
pub async fn entity(
    graph: &Graph,
    id: &str,
    scope: Scope<'_>,
) -> Result<Option<EntityPage>, DbError> {
    let origin = cypher::GRAPH_ENTITY.path;
    let mut rows = graph
        .execute_read(
            read_query(cypher::GRAPH_ENTITY.text)
                .param("id", id)
                .param("scope", scope_param(scope)),
        )
        .await
        .origin(origin)?;
    let Some(row) = rows.next().await.origin(origin)? else {
        return Ok(None);
    };
    let labels: Vec<String> = row.get("labels").unwrap_or_default();
    let props: serde_json::Value = row
        .get("props")
        .map_err(neo4rs::Error::from)
        .origin(origin)?;
    let mut properties = match props {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    for key in INTERNAL_PROPERTIES {
        properties.remove(key);
    }
    let provenance: Provenance =
        serde_json::from_value(serde_json::Value::Object(properties.clone())).unwrap_or_default();

    let mut identity: Vec<IdentityLink> = row
        .get::<Vec<SameAsRow>>("same_as")
        .unwrap_or_default()
        .into_iter()
        .map(|r| IdentityLink {
            kind: "SAME_AS".into(),
            certain: true,
            id: r.id,
            name: r.name,
            basis: r.basis,
            score: None,
            reason: None,
            status: None,
        })
        .collect();
    identity.extend(
        row.get::<Vec<PossiblyRow>>("possibly_same_as")
            .unwrap_or_default()
            .into_iter()
            .map(|r| IdentityLink {
                kind: "POSSIBLY_SAME_AS".into(),
                certain: false,
                id: r.id,
                name: r.name,
                basis: None,
                score: r.score,
                reason: r.reason,
                status: r.status,
            }),
    );
    let company_roles = row
        .get::<Vec<RoleRow>>("roles")
        .unwrap_or_default()
        .into_iter()
        .map(|r| {
            let role = r.role.unwrap_or_default();
            RoleLink {
                direction: r.direction,
                id: r.id,
                name: r.name,
                kind: kind_of(&r.labels),
                role_zh: role_zh(&role),
                role_en: role_en(&role),
                role,
                share_pct: r.share_pct,
                start_date: r.start_date,
                end_date: r.end_date,
            }
        })
        .collect();
    let ties = row
        .get::<Vec<TieRow>>("ties")
        .unwrap_or_default()
        .into_iter()
        .map(|t| {
            let relation = tie_relation(&t.kind, t.outgoing);
            let (zh, en) = tie_words(
                relation,
                t.gender.as_deref(),
                older(t.older_id.as_deref(), &t.id, id),
            );
            TieLink {
                kind: t.kind,
                id: t.id,
                name: t.name,
                relation_zh: zh.into(),
                relation_en: en.into(),
                source_file: t.source_file,
                source_line: t.source_line,
            }
        })
        .collect();
    Ok(Some(EntityPage {
        id: row.get("id").unwrap_or_default(),
        kind: kind_of(&labels),
        labels,
        name: row.get("name").unwrap_or_default(),
        properties,
        provenance,
        identity,
        positions: row.get("positions").unwrap_or_default(),
        company_roles,
        kin: row.get("kin").unwrap_or_default(),
        ties,
        alerts: row.get("alerts").unwrap_or_default(),
    }))
}

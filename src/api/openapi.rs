//! The OpenAPI document, generated from the handlers' annotations (utoipa), served at
//! `/api/openapi.json`. A test checks that it lists every route the server answers.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{admin, alerts, graph, health, ingest, loads, portraits, scans};
use crate::audit::AuditEntry;
use crate::domain::Role;
use crate::scan::alerts::{AlertListItem, AlertPage};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "guanxi",
        description = "Conflict-of-interest alerts, graph and portraits for discipline inspectors. \
                       Every /api call needs a bearer token (`guanxi token create`); viewers see \
                       ID numbers and phones masked. Errors are RFC 9457 problem documents."
    ),
    paths(
        health::healthz,
        health::readyz,
        health::metrics,
        health::openapi_json,
        alerts::list_patterns,
        alerts::list_alerts,
        alerts::get_alert,
        alerts::triage_alert,
        alerts::triage_alerts,
        portraits::org_portrait,
        portraits::region_portraits,
        admin::list_audit,
        admin::create_token,
        admin::list_tokens,
        admin::revoke_token,
        admin::rotate_token,
        scans::post_scan,
        scans::get_scan,
        ingest::post_ingest,
        loads::list_loads,
        loads::undo_load,
    ),
    components(schemas(AlertPage, AlertListItem, alerts::TriageRequest, alerts::BulkTriageRequest, crate::scan::alerts::bulk::BulkResult, crate::scan::alerts::bulk::BulkItem, admin::TokenRequest, admin::TokenResponse, crate::tokens::TokenInfo, crate::tokens::TokenChange, crate::tokens::TokenAction, AuditEntry, Role)),
    modifiers(&BearerAuth)
)]
struct CoreApi;

/// The whole document: core routes plus the graph routes.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = CoreApi::openapi();
    doc.merge(graph::GraphApi::openapi());
    doc.merge(super::history::HistoryApi::openapi());
    doc.merge(super::identity::IdentityApi::openapi());
    doc.merge(super::retract::RetractApi::openapi());
    doc.merge(super::tips::TipsApi::openapi());
    doc.merge(super::cases::CasesApi::openapi());
    doc.merge(super::overview::OverviewApi::openapi());
    doc.merge(super::watch::WatchApi::openapi());
    doc.merge(super::timeline::TimelineApi::openapi());
    doc.merge(super::export::ExportApi::openapi());
    doc
}

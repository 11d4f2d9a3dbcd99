//! The OpenAPI document, generated from the handlers' annotations (utoipa), served at
//! `/api/openapi.json`. A test checks that it lists every route the server answers.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::*;

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
        healthz,
        readyz,
        metrics,
        openapi_json,
        list_patterns,
        list_alerts,
        get_alert,
        triage_alert,
        org_portrait,
        region_portraits,
        list_audit,
        create_token,
        jobs::post_scan,
        jobs::get_scan,
        ingest::ingest,
    ),
    components(schemas(AlertPage, AlertListItem, TriageRequest, TokenRequest, TokenResponse, AuditEntry, Role)),
    modifiers(&BearerAuth)
)]
struct CoreApi;

/// The whole document: core routes plus the graph routes.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = CoreApi::openapi();
    doc.merge(graph::GraphApi::openapi());
    doc
}

//! Every Cypher statement guanxi runs lives in a `.cypher` file under `cypher/`, embedded at
//! compile time and registered here, in one place. A test fails when a file in the folder is
//! not registered, so nothing is silently left out.

/// One embedded Cypher file.
#[derive(Debug, Clone, Copy)]
pub struct CypherFile {
    /// Path relative to the crate root, e.g. `cypher/schema/001_constraints.cypher`.
    pub path: &'static str,
    /// The file's text.
    pub text: &'static str,
}

impl CypherFile {
    /// The statements of the file: split on `;` at line ends, with `//` comment lines removed.
    /// Schema files hold several statements; pattern files hold one.
    pub fn statements(&self) -> Vec<String> {
        let mut statements = Vec::new();
        let mut current = String::new();
        for line in self.text.lines() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with("//") {
                continue;
            }
            current.push_str(line);
            current.push('\n');
            if trimmed.ends_with(';') {
                let statement = current.trim().trim_end_matches(';').trim().to_string();
                if !statement.is_empty() {
                    statements.push(statement);
                }
                current.clear();
            }
        }
        let rest = current.trim();
        if !rest.is_empty() {
            statements.push(rest.to_string());
        }
        statements
    }
}

macro_rules! cypher_file {
    ($path:literal) => {
        CypherFile {
            path: $path,
            text: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $path)),
        }
    };
}

/// Constraints and indexes, applied in this order by [`crate::db::apply_schema`].
pub const SCHEMA: &[CypherFile] = &[
    cypher_file!("cypher/schema/001_constraints.cypher"),
    cypher_file!("cypher/schema/002_indexes.cypher"),
    cypher_file!("cypher/schema/003_scan_lock.cypher"),
    cypher_file!("cypher/schema/004_api_tokens.cypher"),
    cypher_file!("cypher/schema/005_audit_chain.cypher"),
    cypher_file!("cypher/schema/006_load_runs.cypher"),
    cypher_file!("cypher/schema/007_history.cypher"),
    cypher_file!("cypher/schema/008_retractions.cypher"),
    cypher_file!("cypher/schema/009_undo.cypher"),
    cypher_file!("cypher/schema/010_cases.cypher"),
    cypher_file!("cypher/schema/011_saved_filters.cypher"),
    cypher_file!("cypher/schema/012_watchlists.cypher"),
];

/// Alerts by status, for the `guanxi_alerts` gauge of `/metrics` (`crate::metrics`).
pub const METRICS_ALERTS_BY_STATUS: CypherFile =
    cypher_file!("cypher/metrics/alerts_by_status.cypher");
/// The overview page (`crate::overview`): alert counts by month, the org hierarchy, regions.
pub const OVERVIEW_ALERT_MONTHS: CypherFile = cypher_file!("cypher/overview/alert_months.cypher");
/// The org hierarchy (PART_OF) within a scope.
pub const OVERVIEW_ORGS: CypherFile = cypher_file!("cypher/overview/orgs.cypher");
/// The regions present, within a scope.
pub const OVERVIEW_REGIONS: CypherFile = cypher_file!("cypher/overview/regions.cypher");
/// Saved inbox filters (`crate::filters`): list, save, delete.
pub const FILTERS_LIST: CypherFile = cypher_file!("cypher/filters/list.cypher");
/// Saves (or replaces by name) one filter.
pub const FILTERS_SAVE: CypherFile = cypher_file!("cypher/filters/save.cypher");
/// Deletes one filter of its owner.
pub const FILTERS_DELETE: CypherFile = cypher_file!("cypher/filters/delete.cypher");

/// Batch upserts of the loaders, one per table (named by `loaders/<table>.toml`).
pub const LOAD: &[CypherFile] = &[
    cypher_file!("cypher/load/people.cypher"),
    cypher_file!("cypher/load/orgs.cypher"),
    cypher_file!("cypher/load/companies.cypher"),
    cypher_file!("cypher/load/positions.cypher"),
    cypher_file!("cypher/load/kinship.cypher"),
    cypher_file!("cypher/load/company_roles.cypher"),
    cypher_file!("cypher/load/contracts.cypher"),
    cypher_file!("cypher/load/bids.cypher"),
    cypher_file!("cypher/load/payments.cypher"),
    cypher_file!("cypher/load/tips.cypher"),
];

/// Existing ids and their kinds, for reference checks.
pub const LOOKUP_IDS: CypherFile = cypher_file!("cypher/load/lookup_ids.cypher");
/// Whether the graph holds any entity (a load into an empty graph needs no id lookups).
pub const ANY_ENTITY: CypherFile = cypher_file!("cypher/load/any_entity.cypher");
/// Records a load run.
pub const LOAD_RUN: CypherFile = cypher_file!("cypher/load/load_run.cypher");

// Load runs (`crate::load::runs`): start, heartbeat, finish, a page, the total; and the
// unresolved records identity resolution takes and then clears.

/// Records a load run's start.
pub const LOAD_RUN_START: CypherFile = cypher_file!("cypher/load_runs/start.cypher");
/// Renews a running load's heartbeat.
pub const LOAD_RUN_HEARTBEAT: CypherFile = cypher_file!("cypher/load_runs/heartbeat.cypher");
/// Records a load run's end.
pub const LOAD_RUN_FINISH: CypherFile = cypher_file!("cypher/load_runs/finish.cypher");
/// A page of load runs, newest first.
pub const LOAD_RUN_LIST: CypherFile = cypher_file!("cypher/load_runs/list.cypher");
/// How many load runs there are.
pub const LOAD_RUN_COUNT: CypherFile = cypher_file!("cypher/load_runs/count.cypher");
/// Claims every unresolved record for a resolution pass.
pub const LOAD_RUN_CLAIM_UNRESOLVED: CypherFile =
    cypher_file!("cypher/load_runs/claim_unresolved.cypher");
/// Marks the records a resolution pass claimed as resolved.
pub const LOAD_RUN_CLEAR_UNRESOLVED: CypherFile =
    cypher_file!("cypher/load_runs/clear_unresolved.cypher");

/// `guanxi runs undo` (`crate::load::undo`): the run's state, the later runs in the way,
/// then the batched restore and removal, and the end (`:Official` follows, the run is
/// marked undone).
pub const LOAD_RUNS_UNDO: &[CypherFile] = &[
    cypher_file!("cypher/load_runs/undo_state.cypher"),
    cypher_file!("cypher/load_runs/undo_conflicts.cypher"),
    cypher_file!("cypher/load_runs/undo_restore.cypher"),
    cypher_file!("cypher/load_runs/undo_remove.cypher"),
    cypher_file!("cypher/load_runs/undo_finish.cypher"),
];

/// Identity resolution (certain links and candidate pairs), run after each load.
pub const IDENTITY: &[CypherFile] = &[
    cypher_file!("cypher/identity/same_id_number.cypher"),
    cypher_file!("cypher/identity/same_name_birth_date.cypher"),
    cypher_file!("cypher/identity/same_credit_code.cypher"),
    cypher_file!("cypher/identity/possible_candidates.cypher"),
    cypher_file!("cypher/identity/write_possible.cypher"),
];

/// Identity review: a page of candidates by status.
pub const IDENTITY_REVIEW_PAGE: CypherFile = cypher_file!("cypher/identity/review/page.cypher");
/// Identity review: one candidate pair, either direction.
pub const IDENTITY_REVIEW_PAIR: CypherFile = cypher_file!("cypher/identity/review/pair.cypher");
/// Identity review: the columns of a candidate (appended to the two selections above).
pub const IDENTITY_REVIEW_COLUMNS: CypherFile =
    cypher_file!("cypher/identity/review/columns.cypher");
/// Identity review: how many candidates have a status.
pub const IDENTITY_REVIEW_COUNT: CypherFile = cypher_file!("cypher/identity/review/count.cypher");
/// Identity review: a decision (status, history, the reviewed `SAME_AS` link).
pub const IDENTITY_REVIEW_DECIDE: CypherFile = cypher_file!("cypher/identity/review/decide.cypher");

/// Derived kinship (read the family graph, write and prune `KIN`).
pub const KIN_PEOPLE: CypherFile = cypher_file!("cypher/kinship/people.cypher");
/// Ties and identity links for kinship derivation.
pub const KIN_TIES: CypherFile = cypher_file!("cypher/kinship/ties.cypher");
/// Kinship derived by earlier scans.
pub const KIN_EXISTING: CypherFile = cypher_file!("cypher/kinship/existing.cypher");
/// Writes derived kinship.
pub const KIN_WRITE: CypherFile = cypher_file!("cypher/kinship/write.cypher");
/// Creates derived kinship not stored before.
pub const KIN_CREATE: CypherFile = cypher_file!("cypher/kinship/create.cypher");
/// Removes kinship no longer derived.
pub const KIN_PRUNE: CypherFile = cypher_file!("cypher/kinship/prune.cypher");
/// Derived ownership: the shareholdings that can form chains.
pub const OWN_CHAINS: CypherFile = cypher_file!("cypher/ownership/chains.cypher");
/// Derived ownership: who controls each company directly (for supplier groups).
pub const OWN_CONTROLS: CypherFile = cypher_file!("cypher/ownership/controls.cypher");
/// Holdings through companies derived by earlier scans.
pub const OWN_EXISTING: CypherFile = cypher_file!("cypher/ownership/existing.cypher");
/// Writes derived holdings through companies (`BEHIND`).
pub const OWN_WRITE: CypherFile = cypher_file!("cypher/ownership/write.cypher");
/// Removes holdings no longer derived.
pub const OWN_PRUNE: CypherFile = cypher_file!("cypher/ownership/prune.cypher");
/// Supplier groups set by earlier scans.
pub const GROUPS_EXISTING: CypherFile = cypher_file!("cypher/ownership/groups_existing.cypher");
/// Sets or clears companies' supplier groups.
pub const GROUPS_WRITE: CypherFile = cypher_file!("cypher/ownership/groups_write.cypher");
/// Stores alerts (fingerprint, status rules, links to the entities concerned).
pub const ALERTS_UPSERT: CypherFile = cypher_file!("cypher/alerts/upsert.cypher");
/// Lists stored alerts.
pub const ALERTS_LIST: CypherFile = cypher_file!("cypher/alerts/list.cypher");
/// The columns of a whole alert (appended to the selections above and below).
pub const ALERT_COLUMNS: CypherFile = cypher_file!("cypher/alerts/columns.cypher");
/// One stored alert by id.
pub const ALERT_GET: CypherFile = cypher_file!("cypher/alerts/get.cypher");
/// Alerts for the API (filters; ORDER BY, SKIP and LIMIT appended from a fixed list).
pub const ALERTS_PAGE: CypherFile = cypher_file!("cypher/alerts/page.cypher");
/// Changes an alert's status.
pub const ALERTS_TRIAGE: CypherFile = cypher_file!("cypher/alerts/triage.cypher");
/// The primitive ties along a kinship chain (evidence for kin alerts).
pub const KIN_EVIDENCE: CypherFile = cypher_file!("cypher/kinship/evidence.cypher");

/// Raw indicators of the village portraits.
pub const PORTRAIT_INDICATORS: CypherFile = cypher_file!("cypher/portrait/indicators.cypher");
/// The kind of one org.
pub const PORTRAIT_ORG_KIND: CypherFile = cypher_file!("cypher/portrait/org_kind.cypher");

/// Stores an API token's hash.
pub const TOKEN_CREATE: CypherFile = cypher_file!("cypher/tokens/create.cypher");
/// Finds a token by hash.
pub const TOKEN_FIND: CypherFile = cypher_file!("cypher/tokens/find.cypher");
/// One token by id or name (never its hash).
pub const TOKEN_GET: CypherFile = cypher_file!("cypher/tokens/get.cypher");
/// Every token (never its hash).
pub const TOKEN_LIST: CypherFile = cypher_file!("cypher/tokens/list.cypher");
/// Revokes a token.
pub const TOKEN_REVOKE: CypherFile = cypher_file!("cypher/tokens/revoke.cypher");
/// Gives a token a new secret.
pub const TOKEN_ROTATE: CypherFile = cypher_file!("cypher/tokens/rotate.cypher");
/// Appends audit entries.
pub const AUDIT_APPEND: CypherFile = cypher_file!("cypher/audit/append.cypher");
/// Lists audit entries.
pub const AUDIT_LIST: CypherFile = cypher_file!("cypher/audit/list_batches.cypher");
/// Audit entries stored one node each (before batches).
pub const AUDIT_LIST_ENTRIES: CypherFile = cypher_file!("cypher/audit/list_entries.cypher");
/// Locks the audit chain's head for one append.
pub const AUDIT_HEAD_LOCK: CypherFile = cypher_file!("cypher/audit/head_lock.cypher");
/// A page of the audit chain, in order.
pub const AUDIT_CHAIN: CypherFile = cypher_file!("cypher/audit/chain.cypher");
/// The audit chain's head.
pub const AUDIT_HEAD: CypherFile = cypher_file!("cypher/audit/head.cypher");
/// `db reset` without --all: relationships.
pub const DB_RESET_RELATIONSHIPS: CypherFile = cypher_file!("cypher/db/reset_relationships.cypher");
/// `db reset` without --all: nodes.
pub const DB_RESET_NODES: CypherFile = cypher_file!("cypher/db/reset_nodes.cypher");
/// `db reset --all` and the test wipe: relationships.
pub const DB_DELETE_RELATIONSHIPS: CypherFile =
    cypher_file!("cypher/db/delete_relationships.cypher");
/// `db reset --all` and the test wipe: nodes.
pub const DB_DELETE_NODES: CypherFile = cypher_file!("cypher/db/delete_nodes.cypher");
/// `db backup|restore`: nodes per label.
pub const DB_COUNT_LABELS: CypherFile = cypher_file!("cypher/db/count_labels.cypher");
/// `db backup|restore`: relationships per type.
pub const DB_COUNT_TYPES: CypherFile = cypher_file!("cypher/db/count_types.cypher");
/// `db backup|restore`: total nodes and relationships, and the Neo4j version.
pub const DB_COUNT_TOTALS: CypherFile = cypher_file!("cypher/db/count_totals.cypher");

/// Search candidates: exact identifiers, then the full-text index over names.
pub const GRAPH_SEARCH: CypherFile = cypher_file!("cypher/graph/search.cypher");
/// One entity's page: properties, identity links, posts, roles, kin, ties, alerts.
pub const GRAPH_ENTITY: CypherFile = cypher_file!("cypher/graph/entity.cypher");
/// One ring of a neighbourhood.
pub const GRAPH_NEIGHBORHOOD: CypherFile = cypher_file!("cypher/graph/neighborhood.cypher");
/// The nodes of a neighbourhood and the relationships among them.
pub const GRAPH_NEIGHBORHOOD_GRAPH: CypherFile =
    cypher_file!("cypher/graph/neighborhood_graph.cypher");
/// The shortest connecting paths between two entities.
pub const GRAPH_PATHS: CypherFile = cypher_file!("cypher/graph/paths.cypher");

/// Takes the scan lock (one scan at a time across replicas).
pub const SCAN_LOCK_ACQUIRE: CypherFile = cypher_file!("cypher/runs/lock_acquire.cypher");
/// Extends the scan lock while scanning.
pub const SCAN_LOCK_RENEW: CypherFile = cypher_file!("cypher/runs/lock_renew.cypher");
/// Gives the scan lock back.
pub const SCAN_LOCK_RELEASE: CypherFile = cypher_file!("cypher/runs/lock_release.cypher");
/// Records a scan run that starts.
pub const SCAN_RUN_CREATE: CypherFile = cypher_file!("cypher/runs/run_create.cypher");
/// A running scan's progress.
pub const SCAN_RUN_PROGRESS: CypherFile = cypher_file!("cypher/runs/run_progress.cypher");
/// A scan run's end.
pub const SCAN_RUN_FINISH: CypherFile = cypher_file!("cypher/runs/run_finish.cypher");
/// One scan run.
pub const SCAN_RUN_GET: CypherFile = cypher_file!("cypher/runs/run_get.cypher");
/// Alerts raised by one scan (ingest response).
pub const ALERTS_OF_SCAN: CypherFile = cypher_file!("cypher/alerts/of_scan.cypher");
/// The alerts a scan opened (new, returned or reopened), for its notifications.
pub const NOTIFY_OPENED: CypherFile = cypher_file!("cypher/notify/opened.cypher");
/// Retires the alerts of a pattern a scan did not raise again.
pub const ALERTS_RETIRE: CypherFile = cypher_file!("cypher/alerts/retire.cypher");
/// The alerts about a focused scan's ids that it may retire.
pub const ALERTS_FOCUS_CANDIDATES: CypherFile =
    cypher_file!("cypher/alerts/focus_candidates.cypher");
/// The alerts one scan retired.
pub const ALERTS_RETIRED_BY_SCAN: CypherFile = cypher_file!("cypher/alerts/retired_by_scan.cypher");

/// Region scope: the entities each org's scope holds (crate::scope).
pub const SCOPE_WANTED: CypherFile = cypher_file!("cypher/scope/wanted.cypher");
/// Region scope: the people and orgs each tip names.
pub const SCOPE_TIPS: CypherFile = cypher_file!("cypher/scope/tips.cypher");
/// Region scope: the entities each alert concerns.
pub const SCOPE_ALERTS: CypherFile = cypher_file!("cypher/scope/alerts.cypher");
/// Region scope: the stored scope lists.
pub const SCOPE_STORED: CypherFile = cypher_file!("cypher/scope/stored.cypher");
/// Region scope: writes changed entity scope lists.
pub const SCOPE_WRITE_ENTITIES: CypherFile = cypher_file!("cypher/scope/write_entities.cypher");
/// Region scope: writes changed alert scope lists.
pub const SCOPE_WRITE_ALERTS: CypherFile = cypher_file!("cypher/scope/write_alerts.cypher");
/// Region scope, focused pass: the orgs whose rule reaches some entities.
pub const SCOPE_REACHING: CypherFile = cypher_file!("cypher/scope/reaching.cypher");
/// Region scope, focused pass: the stored scope lists of some entities.
pub const SCOPE_STORED_OF: CypherFile = cypher_file!("cypher/scope/stored_of.cypher");
/// Region scope, focused pass: the tips among or naming some entities.
pub const SCOPE_TIPS_OF: CypherFile = cypher_file!("cypher/scope/tips_of.cypher");
/// Region scope, focused pass: the alerts of a scan or concerning some entities.
pub const SCOPE_ALERTS_OF: CypherFile = cypher_file!("cypher/scope/alerts_of.cypher");
/// Region scope: the loads-and-ingests fingerprint now and at the last whole pass.
pub const SCOPE_FINGERPRINT: CypherFile = cypher_file!("cypher/scope/fingerprint.cypher");
/// Region scope: every org id (the whole pass goes a batch of orgs at a time).
pub const SCOPE_ORGS: CypherFile = cypher_file!("cypher/scope/orgs.cypher");
/// Region scope: marks the fingerprint a whole pass followed.
pub const SCOPE_MARK: CypherFile = cypher_file!("cypher/scope/mark.cypher");
/// Region scope: which ids a scope sees.
pub const SCOPE_VISIBLE: CypherFile = cypher_file!("cypher/scope/visible.cypher");
/// Region scope: which ids name orgs (a token's scope).
pub const SCOPE_ORGS_EXIST: CypherFile = cypher_file!("cypher/scope/orgs_exist.cypher");
/// The change history of an entity, newest first (`crate::history`).
pub const HISTORY_ENTITY: CypherFile = cypher_file!("cypher/history/entity.cypher");

/// Timelines (`crate::timeline`): the dated events around one entity.
pub const TIMELINE_ENTITY: CypherFile = cypher_file!("cypher/timeline/entity.cypher");
/// Timelines: tips by id, within a scope.
pub const TIMELINE_TIPS: CypherFile = cypher_file!("cypher/timeline/tips.cypher");
/// Timelines: alerts by id with their triage history, within a scope.
pub const TIMELINE_ALERTS: CypherFile = cypher_file!("cypher/timeline/alerts.cypher");
/// Every timeline file.
pub const TIMELINE: &[&CypherFile] = &[&TIMELINE_ENTITY, &TIMELINE_TIPS, &TIMELINE_ALERTS];

/// FollowTheMoney export (`crate::ftm`): every exported entity id within a scope.
pub const FTM_ALL_IDS: CypherFile = cypher_file!("cypher/ftm/all_ids.cypher");
/// FollowTheMoney export: one step out from a set of ids over the stored ties.
pub const FTM_NEIGHBOURS: CypherFile = cypher_file!("cypher/ftm/neighbours.cypher");
/// FollowTheMoney export: the records of a set of ids.
pub const FTM_ENTITIES: CypherFile = cypher_file!("cypher/ftm/entities.cypher");
/// FollowTheMoney export: the stored ties leaving a set of ids.
pub const FTM_LINKS: CypherFile = cypher_file!("cypher/ftm/links.cypher");
/// Every FollowTheMoney file.
pub const FTM: &[&CypherFile] = &[&FTM_ALL_IDS, &FTM_NEIGHBOURS, &FTM_ENTITIES, &FTM_LINKS];

/// Tips inbox (`crate::tips`): the fingerprint the name automaton was built from.
pub const TIPS_FINGERPRINT: CypherFile = cypher_file!("cypher/tips/fingerprint.cypher");
/// Tips inbox: every person's, company's and org's name (the automaton's one read).
pub const TIPS_NAMES: CypherFile = cypher_file!("cypher/tips/names.cypher");
/// Tips inbox: one tip with its subjects.
pub const TIPS_GET: CypherFile = cypher_file!("cypher/tips/get.cypher");
/// Tips inbox: a page of tips, optionally searched by text.
pub const TIPS_LIST: CypherFile = cypher_file!("cypher/tips/list.cypher");
/// Tips inbox: what tells the named entities apart (posts, birth year, parent org).
pub const TIPS_ENTITIES: CypherFile = cypher_file!("cypher/tips/entities.cypher");
/// Tips inbox: the alerts concerning some entities.
pub const TIPS_ALERTS: CypherFile = cypher_file!("cypher/tips/alerts.cypher");
/// The tips inbox's files.
pub const TIPS: &[&CypherFile] = &[
    &TIPS_FINGERPRINT,
    &TIPS_NAMES,
    &TIPS_GET,
    &TIPS_LIST,
    &TIPS_ENTITIES,
    &TIPS_ALERTS,
];

/// Retractions (`crate::retract`): the kinship ties between two people.
pub const RETRACT_KINSHIP: CypherFile = cypher_file!("cypher/retract/kinship.cypher");
/// Retractions: a role in a company.
pub const RETRACT_ROLE: CypherFile = cypher_file!("cypher/retract/role.cypher");
/// Retractions: a post (and `:Official` with the last one).
pub const RETRACT_POSITION: CypherFile = cypher_file!("cypher/retract/position.cypher");
/// Retractions: an entity's labels (soft retraction).
pub const RETRACT_ENTITY_MARK: CypherFile = cypher_file!("cypher/retract/entity_mark.cypher");
/// Retractions: a retracted entity's ties, a batch at a time.
pub const RETRACT_ENTITY_TIES: CypherFile = cypher_file!("cypher/retract/entity_ties.cypher");
/// Retractions: whether an id is a retracted entity.
pub const RETRACT_ENTITY_STATE: CypherFile = cypher_file!("cypher/retract/entity_state.cypher");
/// Retractions: the tombstone.
pub const RETRACT_RECORD: CypherFile = cypher_file!("cypher/retract/record.cypher");
/// Retractions: every one, newest first (also the loaders' tombstones).
pub const RETRACT_LIST: CypherFile = cypher_file!("cypher/retract/list.cypher");
/// Every retraction file.
pub const RETRACT: &[&CypherFile] = &[
    &RETRACT_KINSHIP,
    &RETRACT_ROLE,
    &RETRACT_POSITION,
    &RETRACT_ENTITY_MARK,
    &RETRACT_ENTITY_TIES,
    &RETRACT_ENTITY_STATE,
    &RETRACT_RECORD,
    &RETRACT_LIST,
];

/// Cases: a new case with the next number of its year.
pub const CASE_CREATE: CypherFile = cypher_file!("cypher/cases/create.cypher");
/// Cases: include alerts, tips and entities.
pub const CASE_ADD_ITEMS: CypherFile = cypher_file!("cypher/cases/add_items.cypher");
/// Cases: take one item out.
pub const CASE_REMOVE_ITEM: CypherFile = cypher_file!("cypher/cases/remove_item.cypher");
/// Cases: a dated note.
pub const CASE_NOTE: CypherFile = cypher_file!("cypher/cases/note.cypher");
/// Cases: a status change.
pub const CASE_STATUS: CypherFile = cypher_file!("cypher/cases/status.cypher");
/// Cases: select one case (with [`CASE_COLUMNS`]).
pub const CASE_ONE: CypherFile = cypher_file!("cypher/cases/one.cypher");
/// Cases: select every case (with [`CASE_COLUMNS`]).
pub const CASE_ALL: CypherFile = cypher_file!("cypher/cases/all.cypher");
/// Cases: the columns of a whole case, within the caller's scope.
pub const CASE_COLUMNS: CypherFile = cypher_file!("cypher/cases/columns.cypher");
/// Cases: the entities a case's graph connects (entity items, alert subjects, tips' names).
pub const CASE_GRAPH_ANCHORS: CypherFile = cypher_file!("cypher/cases/graph_anchors.cypher");
/// Cases: the records behind a report's evidence, by id, within the reader's scope.
pub const CASE_RECORDS: CypherFile = cypher_file!("cypher/cases/records.cypher");
/// Every case file.
pub const CASES: &[&CypherFile] = &[
    &CASE_CREATE,
    &CASE_ADD_ITEMS,
    &CASE_REMOVE_ITEM,
    &CASE_NOTE,
    &CASE_STATUS,
    &CASE_ONE,
    &CASE_ALL,
    &CASE_COLUMNS,
    &CASE_GRAPH_ANCHORS,
    &CASE_RECORDS,
];

/// Watchlists: watch an entity or a region.
pub const WATCH_ADD: CypherFile = cypher_file!("cypher/watch/add.cypher");
/// Watchlists: what a watcher watches, and when they last looked.
pub const WATCH_LIST: CypherFile = cypher_file!("cypher/watch/list.cypher");
/// Watchlists: stop watching.
pub const WATCH_REMOVE: CypherFile = cypher_file!("cypher/watch/remove.cypher");
/// Watchlists: the watcher looked at their news.
pub const WATCH_SEEN: CypherFile = cypher_file!("cypher/watch/seen.cypher");
/// Watchlists: open alerts opened since a time, within a scope.
pub const WATCH_NEWS_ALERTS: CypherFile = cypher_file!("cypher/watch/news_alerts.cypher");
/// Watchlists: tips arrived since a time (or written first by one load run), within a scope.
pub const WATCH_NEWS_TIPS: CypherFile = cypher_file!("cypher/watch/news_tips.cypher");
/// Every watchlist file.
pub const WATCH: &[&CypherFile] = &[
    &WATCH_ADD,
    &WATCH_LIST,
    &WATCH_REMOVE,
    &WATCH_SEEN,
    &WATCH_NEWS_ALERTS,
    &WATCH_NEWS_TIPS,
];
/// The conflict-of-interest patterns, one file each (see `docs/patterns/`).
pub const PATTERNS: &[CypherFile] = &[
    cypher_file!("cypher/patterns/kin-supplier.cypher"),
    cypher_file!("cypher/patterns/self-dealing.cypher"),
    cypher_file!("cypher/patterns/supplier-concentration.cypher"),
    cypher_file!("cypher/patterns/late-deposit.cypher"),
    cypher_file!("cypher/patterns/collective-subsidy.cypher"),
    cypher_file!("cypher/patterns/qualification-anomaly.cypher"),
    cypher_file!("cypher/patterns/split-contracts.cypher"),
    cypher_file!("cypher/patterns/kin-payee.cypher"),
    cypher_file!("cypher/patterns/shared-contact.cypher"),
    cypher_file!("cypher/patterns/single-bidder.cypher"),
    cypher_file!("cypher/patterns/revolving-door.cypher"),
    cypher_file!("cypher/patterns/linked-bidders.cypher"),
];

/// Focused variants of some patterns for the follow-up scan of an ingest: the same columns as
/// the pattern of the same name, restricted to the entity ids in `$focus` (what `focus:` in
/// each file's header says they are). A pattern without one runs whole.
pub const FOCUSED_PATTERNS: &[CypherFile] = &[
    cypher_file!("cypher/patterns/focused/late-deposit.cypher"),
    cypher_file!("cypher/patterns/focused/kin-payee.cypher"),
    cypher_file!("cypher/patterns/focused/collective-subsidy.cypher"),
    cypher_file!("cypher/patterns/focused/single-bidder.cypher"),
    cypher_file!("cypher/patterns/focused/self-dealing.cypher"),
    cypher_file!("cypher/patterns/focused/kin-supplier.cypher"),
    cypher_file!("cypher/patterns/focused/shared-contact.cypher"),
    cypher_file!("cypher/patterns/focused/split-contracts.cypher"),
    cypher_file!("cypher/patterns/focused/supplier-concentration.cypher"),
    cypher_file!("cypher/patterns/focused/revolving-door.cypher"),
    cypher_file!("cypher/patterns/focused/linked-bidders.cypher"),
];

/// Every registered file, whatever its role.
pub fn all_files() -> Vec<&'static CypherFile> {
    SCHEMA
        .iter()
        .chain(LOAD)
        .chain([&LOOKUP_IDS, &ANY_ENTITY, &LOAD_RUN])
        .chain(IDENTITY)
        .chain([
            &LOAD_RUN_START,
            &LOAD_RUN_HEARTBEAT,
            &LOAD_RUN_FINISH,
            &LOAD_RUN_LIST,
            &LOAD_RUN_COUNT,
            &LOAD_RUN_CLAIM_UNRESOLVED,
            &LOAD_RUN_CLEAR_UNRESOLVED,
        ])
        .chain(LOAD_RUNS_UNDO)
        .chain([
            &IDENTITY_REVIEW_PAGE,
            &IDENTITY_REVIEW_PAIR,
            &IDENTITY_REVIEW_COLUMNS,
        ])
        .chain([&IDENTITY_REVIEW_COUNT, &IDENTITY_REVIEW_DECIDE])
        .chain([
            &KIN_PEOPLE,
            &KIN_TIES,
            &KIN_EXISTING,
            &KIN_WRITE,
            &KIN_CREATE,
            &KIN_PRUNE,
            &OWN_CHAINS,
            &OWN_CONTROLS,
            &OWN_EXISTING,
            &OWN_WRITE,
            &OWN_PRUNE,
            &GROUPS_EXISTING,
            &GROUPS_WRITE,
            &ALERTS_UPSERT,
            &ALERTS_LIST,
            &ALERTS_TRIAGE,
            &ALERT_GET,
            &ALERTS_PAGE,
            &ALERT_COLUMNS,
            &KIN_EVIDENCE,
            &PORTRAIT_INDICATORS,
            &PORTRAIT_ORG_KIND,
            &TOKEN_CREATE,
            &TOKEN_FIND,
            &TOKEN_GET,
            &TOKEN_LIST,
            &TOKEN_REVOKE,
            &TOKEN_ROTATE,
            &AUDIT_APPEND,
            &AUDIT_LIST,
            &AUDIT_LIST_ENTRIES,
            &AUDIT_HEAD_LOCK,
            &AUDIT_CHAIN,
            &AUDIT_HEAD,
            &DB_RESET_RELATIONSHIPS,
            &DB_RESET_NODES,
            &DB_DELETE_RELATIONSHIPS,
            &DB_DELETE_NODES,
            &DB_COUNT_LABELS,
            &DB_COUNT_TYPES,
            &DB_COUNT_TOTALS,
            &GRAPH_SEARCH,
            &GRAPH_ENTITY,
            &GRAPH_NEIGHBORHOOD,
            &GRAPH_NEIGHBORHOOD_GRAPH,
            &GRAPH_PATHS,
        ])
        .chain([
            &SCAN_LOCK_ACQUIRE,
            &SCAN_LOCK_RENEW,
            &SCAN_LOCK_RELEASE,
            &SCAN_RUN_CREATE,
            &SCAN_RUN_PROGRESS,
            &SCAN_RUN_FINISH,
            &SCAN_RUN_GET,
            &ALERTS_OF_SCAN,
            &ALERTS_RETIRE,
            &ALERTS_FOCUS_CANDIDATES,
            &ALERTS_RETIRED_BY_SCAN,
            &NOTIFY_OPENED,
        ])
        .chain([
            &SCOPE_WANTED,
            &SCOPE_TIPS,
            &SCOPE_ALERTS,
            &SCOPE_STORED,
            &SCOPE_WRITE_ENTITIES,
            &SCOPE_WRITE_ALERTS,
            &SCOPE_VISIBLE,
            &SCOPE_ORGS_EXIST,
            &SCOPE_REACHING,
            &SCOPE_STORED_OF,
            &SCOPE_TIPS_OF,
            &SCOPE_ALERTS_OF,
            &SCOPE_FINGERPRINT,
            &SCOPE_MARK,
            &SCOPE_ORGS,
            &HISTORY_ENTITY,
        ])
        .chain(RETRACT.iter().copied())
        .chain(TIPS.iter().copied())
        .chain(CASES.iter().copied())
        .chain([
            &OVERVIEW_ALERT_MONTHS,
            &OVERVIEW_ORGS,
            &OVERVIEW_REGIONS,
            &FILTERS_LIST,
            &FILTERS_SAVE,
            &FILTERS_DELETE,
        ])
        .chain(WATCH.iter().copied())
        .chain(TIMELINE.iter().copied())
        .chain(FTM.iter().copied())
        .chain(PATTERNS)
        .chain(FOCUSED_PATTERNS)
        .chain([&METRICS_ALERTS_BY_STATUS])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_split_on_semicolons_and_skip_comments() {
        let file = CypherFile {
            path: "x.cypher",
            text: "// header\nCREATE INDEX a IF NOT EXISTS\n  FOR (n:A) ON (n.x);\n\n// next\nRETURN 1;\n",
        };
        assert_eq!(
            file.statements(),
            vec![
                "CREATE INDEX a IF NOT EXISTS\n  FOR (n:A) ON (n.x)".to_string(),
                "RETURN 1".to_string()
            ]
        );
    }
}

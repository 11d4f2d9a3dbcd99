// Indexes for the lookups the loaders, identity resolution, patterns and search make.
// Each is IF NOT EXISTS, so applying this file again changes nothing.

// Identity resolution blocks on these keys instead of comparing all pairs.
CREATE INDEX person_name_norm IF NOT EXISTS FOR (n:Person) ON (n.name_norm);
CREATE INDEX person_id_number IF NOT EXISTS FOR (n:Person) ON (n.id_number);
CREATE INDEX person_birth_date IF NOT EXISTS FOR (n:Person) ON (n.birth_date);
CREATE INDEX person_phone IF NOT EXISTS FOR (n:Person) ON (n.phone);
CREATE INDEX person_address_norm IF NOT EXISTS FOR (n:Person) ON (n.address_norm);
CREATE INDEX company_name_norm IF NOT EXISTS FOR (n:Company) ON (n.name_norm);
CREATE INDEX company_credit_code IF NOT EXISTS FOR (n:Company) ON (n.credit_code);
CREATE INDEX company_phone IF NOT EXISTS FOR (n:Company) ON (n.phone);
CREATE INDEX company_address_norm IF NOT EXISTS FOR (n:Company) ON (n.address_norm);

// Grouping orgs on maps and in portraits.
CREATE INDEX org_kind IF NOT EXISTS FOR (n:Org) ON (n.kind);
CREATE INDEX org_region IF NOT EXISTS FOR (n:Org) ON (n.region);

// Windows over time in the procurement and cash patterns.
CREATE INDEX contract_category IF NOT EXISTS FOR (n:Contract) ON (n.category);
CREATE INDEX contract_awarded_on IF NOT EXISTS FOR (n:Contract) ON (n.awarded_on);
CREATE INDEX payment_paid_on IF NOT EXISTS FOR (n:Payment) ON (n.paid_on);

// Free-text search over names (Chinese, pinyin) for investigators.
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
  FOR (n:Person|Company|Org) ON EACH [n.name, n.name_norm, n.pinyin];

// Identity resolution after a load looks at the records that load wrote.
CREATE INDEX person_load_run IF NOT EXISTS FOR (n:Person) ON (n.load_run);
CREATE INDEX company_load_run IF NOT EXISTS FOR (n:Company) ON (n.load_run);

// Identity review lists possible links by status (tens of thousands pending on a city).
CREATE INDEX possibly_same_as_status IF NOT EXISTS FOR ()-[r:POSSIBLY_SAME_AS]-() ON (r.status);

// The audit log is read newest first.
CREATE INDEX audit_at IF NOT EXISTS FOR (n:AuditEntry) ON (n.at);
CREATE INDEX audit_batch_last_at IF NOT EXISTS FOR (n:AuditBatch) ON (n.last_at);

// Lookups by id with a kind label, `(:Person {id: $id})`, cannot use the :Entity(id)
// uniqueness index; without these every such MATCH in a load or a query is a label scan.
CREATE INDEX person_id IF NOT EXISTS FOR (n:Person) ON (n.id);
CREATE INDEX org_id IF NOT EXISTS FOR (n:Org) ON (n.id);
CREATE INDEX company_id IF NOT EXISTS FOR (n:Company) ON (n.id);
CREATE INDEX contract_id IF NOT EXISTS FOR (n:Contract) ON (n.id);
CREATE INDEX payment_id IF NOT EXISTS FOR (n:Payment) ON (n.id);
CREATE INDEX tip_id IF NOT EXISTS FOR (n:Tip) ON (n.id);

// Comparable contracts (same category, amount within a factor) by one range seek.
CREATE INDEX contract_category_amount IF NOT EXISTS FOR (n:Contract) ON (n.category, n.amount);

// The alerts inbox filters on pattern, status and severity and sorts on the scan dates; an
// ingest's follow-up scan reads back the alerts it raised by their last scan.
CREATE INDEX alert_pattern IF NOT EXISTS FOR (n:Alert) ON (n.pattern);
CREATE INDEX alert_status IF NOT EXISTS FOR (n:Alert) ON (n.status);
CREATE INDEX alert_severity IF NOT EXISTS FOR (n:Alert) ON (n.severity);
CREATE INDEX alert_last_seen IF NOT EXISTS FOR (n:Alert) ON (n.last_seen);
CREATE INDEX alert_first_seen IF NOT EXISTS FOR (n:Alert) ON (n.first_seen);
CREATE INDEX alert_last_scan IF NOT EXISTS FOR (n:Alert) ON (n.last_scan);
// Supplier groups the scan derives (cypher/ownership/groups_*.cypher) are read back by group.
CREATE INDEX company_supplier_group IF NOT EXISTS FOR (n:Company) ON (n.supplier_group);

//! FtM in: JSON lines of FtM entities become the data contract's tables (people, orgs,
//! companies, positions, kinship, company_roles, contracts, bids, payments) in a temporary
//! dataset folder, which the ordinary loader then loads, so that typed parsing, rejects and
//! their reports, load runs, tombstones and identity resolution apply unchanged (a list of
//! politically exposed persons links to the people already loaded by ID number, or by name
//! and birth date).
//!
//! What the contract cannot hold is said, never dropped silently: an unknown schema, an
//! unknown relationship or role word, a property guanxi does not read, a second value where
//! one is kept, a date that is not a whole day, an amount in another currency are warnings.
//! A line that is not an FtM entity is an error naming its line. `guanxi load --format ftm`
//! calls [`load_file`].

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use neo4rs::Graph;

use super::tables::{read_by, write_tables, Tables, NOT_DATA};
use super::{
    key_of, Entity, FtmError, Schema, COLLECTIVE, CURRENCY, ROLE_APPROVER, ROLE_BIDDER,
    ROLE_HANDLER,
};
use crate::domain::{CompanyRole, ContractMethod, Gender, OrgKind, ParsedRelation, Qualification};
use crate::load::mapping::CONTRACT_TABLES;
use crate::load::{LoadOptions, LoadSummary};

/// A load of an FtM file: the loader's summary and what the conversion could not carry.
#[derive(Debug)]
pub struct Outcome {
    /// The ordinary load's summary (rejects, warnings, counts, the run).
    pub summary: LoadSummary,
    /// The conversion's warnings (unknown schemata, words, properties).
    pub warnings: Vec<String>,
    /// The converted tables, kept beside the load's reports: the records' provenance
    /// (`people.csv:12`) points into them.
    pub tables_dir: PathBuf,
}

/// Loads the FtM JSON lines of `file`: converts them to the contract's tables in a folder
/// under the reports folder and loads that folder with `options` (its `dir` is replaced).
pub async fn load_file(
    graph: &Graph,
    file: &Path,
    options: &LoadOptions,
) -> Result<Outcome, FtmError> {
    let io = |source| FtmError::Io {
        path: file.display().to_string(),
        source,
    };
    let text = std::fs::read_to_string(file).map_err(io)?;
    let entities = parse_lines(&text)?;
    let (tables, warnings) = to_tables(&entities);
    let dir = tables_dir(&options.report_dir, file);
    write_tables(&dir, &tables)?;
    let mut options = options.clone();
    options.dir = dir.clone();
    let summary = crate::load::load_dir(graph, &options).await?;
    Ok(Outcome {
        summary,
        warnings,
        tables_dir: dir,
    })
}

/// A fresh folder for the converted tables under the reports folder, named after the FtM
/// file (the load run's `dir` names it).
fn tables_dir(report_dir: &Path, file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ftm".into());
    report_dir
        .join(format!("ftm-{}", uuid::Uuid::new_v4()))
        .join(stem)
}

/// The entities of FtM JSON lines, each with its line number; blank lines are skipped.
pub fn parse_lines(text: &str) -> Result<Vec<(usize, Entity)>, FtmError> {
    let mut entities = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            continue;
        }
        let bad = |reason: String| FtmError::BadLine {
            line: line_no,
            reason,
        };
        let entity: Entity = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
        if entity.id.trim().is_empty() {
            return Err(bad("no id".into()));
        }
        if entity.schema.trim().is_empty() {
            return Err(bad("no schema".into()));
        }
        entities.push((line_no, entity));
    }
    Ok(entities)
}

/// Warnings gathered while converting: each text once, with how often it happened.
#[derive(Default)]
struct Warnings(BTreeMap<String, (usize, usize)>);

impl Warnings {
    /// Notes `text` about the entity on `line` (the first line is kept).
    fn add(&mut self, line: usize, text: String) {
        let entry = self.0.entry(text).or_insert((line, 0));
        entry.1 += 1;
    }

    fn into_lines(self) -> Vec<String> {
        let mut lines: Vec<(usize, String)> = self
            .0
            .into_iter()
            .map(|(text, (line, n))| {
                let more = if n > 1 {
                    format!(" ({n} times; first)")
                } else {
                    String::new()
                };
                (line, format!("line {line}{more}: {text}"))
            })
            .collect();
        lines.sort();
        lines.into_iter().map(|(_, text)| text).collect()
    }
}

/// One table row in the making: column → value.
type Row = BTreeMap<&'static str, String>;

/// The conversion's state: the entities by FtM id and the rows made so far.
struct Convert<'a> {
    by_id: HashMap<&'a str, (usize, &'a Entity)>,
    rows: BTreeMap<&'static str, Vec<Row>>,
    /// Contract and payment rows by key, filled by the ties naming them.
    records: HashMap<String, (&'static str, usize)>,
    warnings: Warnings,
}

/// Converts FtM entities to the contract's tables, with the warnings of what did not fit.
pub fn to_tables(entities: &[(usize, Entity)]) -> (Tables, Vec<String>) {
    let mut c = Convert {
        by_id: entities
            .iter()
            .map(|(l, e)| (e.id.as_str(), (*l, e)))
            .collect(),
        rows: BTreeMap::new(),
        records: HashMap::new(),
        warnings: Warnings::default(),
    };
    let mut ties = Vec::new();
    for (line, entity) in entities {
        let Some(schema) = Schema::parse(&entity.schema) else {
            c.warnings.add(
                *line,
                format!(
                    "schema {} is not one guanxi reads (it reads {}); the entity was not loaded",
                    entity.schema,
                    Schema::ALL.map(Schema::as_str).join(", ")
                ),
            );
            continue;
        };
        c.check_properties(*line, schema, entity);
        match schema {
            Schema::Person => c.person(*line, entity),
            Schema::PublicBody | Schema::Organization => c.org(*line, schema, entity),
            Schema::Company => c.company(*line, entity),
            Schema::Contract => c.contract(*line, entity),
            Schema::Payment => c.payment(*line, entity),
            // Read with the records they point to.
            Schema::Position | Schema::CallForTenders => {}
            _ => ties.push((*line, schema, entity)),
        }
    }
    for (line, schema, entity) in ties {
        c.tie(line, schema, entity);
    }
    let mut tables = Tables::new();
    for (table, columns) in CONTRACT_TABLES {
        let Some(rows) = c.rows.remove(table) else {
            continue;
        };
        let rows = rows
            .into_iter()
            .map(|row| {
                columns
                    .iter()
                    .map(|k| row.get(k).cloned().unwrap_or_default())
                    .collect()
            })
            .collect();
        tables.insert(table, (columns.to_vec(), rows));
    }
    (tables, c.warnings.into_lines())
}

impl<'a> Convert<'a> {
    /// Warns of properties the conversion does not read and of values beyond the first.
    fn check_properties(&mut self, line: usize, schema: Schema, entity: &Entity) {
        let read = read_by(schema);
        for (name, values) in &entity.properties {
            if NOT_DATA.contains(&name.as_str()) || values.is_empty() {
                continue;
            }
            if !read.contains(&name.as_str()) {
                let text = format!(
                    "{}.{name} is not read (no column of the contract holds it)",
                    schema.as_str()
                );
                self.warnings.add(line, text);
            } else if values.len() > 1 && !matches!(name.as_str(), "tenderers" | "position") {
                let text = format!(
                    "{}.{name} has {} values; the first was kept",
                    schema.as_str(),
                    values.len()
                );
                self.warnings.add(line, text);
            }
        }
    }

    /// The guanxi key an entity reference names.
    fn key(&self, entity: &Entity, name: &str) -> Option<String> {
        entity.first(name).map(|id| key_of(&id))
    }

    /// The schema of a referenced entity, when the file holds it.
    fn schema_of(&self, entity: &Entity, name: &str) -> Option<Schema> {
        let id = entity.first(name)?;
        let (_, target) = self.by_id.get(id.as_str())?;
        Schema::parse(&target.schema)
    }

    /// A whole-day date of property `name` (`YYYY-MM-DD`, a time cut off); a partial date
    /// (`1962`, `1962-04`) is a warning and no value.
    fn date(&mut self, line: usize, entity: &Entity, name: &str) -> Option<String> {
        let value = entity.first(name)?;
        let day = value.get(..10).unwrap_or(&value);
        if day.len() == 10 && crate::domain::parse_date(day).is_ok() {
            return Some(day.to_string());
        }
        let text = format!(
            "{}.{name} {value:?} is not a whole day; not loaded",
            entity.schema
        );
        self.warnings.add(line, text);
        None
    }

    /// An amount, when in yuan (no currency, or CNY).
    fn amount(&mut self, line: usize, entity: &Entity) -> Option<String> {
        let amount = entity.first("amount")?;
        match entity.first("currency") {
            Some(currency) if !currency.eq_ignore_ascii_case(CURRENCY) => {
                let text = format!(
                    "{} amount in {currency}: guanxi's amounts are yuan ({CURRENCY}); not loaded",
                    entity.schema
                );
                self.warnings.add(line, text);
                None
            }
            _ => Some(amount),
        }
    }

    fn push(&mut self, table: &'static str, row: Row) -> usize {
        let rows = self.rows.entry(table).or_default();
        rows.push(row);
        rows.len() - 1
    }

    fn person(&mut self, line: usize, e: &Entity) {
        let mut row = Row::new();
        row.insert("id", key_of(&e.id));
        put(&mut row, "name", e.first("name"));
        if let Some(word) = e.first("gender") {
            // FtM also knows `other`, which the contract has no word for.
            if Gender::parse(&word).is_ok() {
                row.insert("gender", word);
            } else {
                let text = format!("Person.gender {word:?} is not male or female; not loaded");
                self.warnings.add(line, text);
            }
        }
        put(&mut row, "birth_date", self.date(line, e, "birthDate"));
        put(&mut row, "id_number", e.first("idNumber"));
        put(&mut row, "phone", e.first("phone"));
        put(&mut row, "address", e.first("address"));
        let holds_post = self.by_id.values().any(|(_, o)| {
            o.schema == Schema::Occupancy.as_str() && o.first("holder").as_deref() == Some(&e.id)
        });
        if !holds_post {
            for position in e.values("position") {
                let text = format!(
                    "Person.position {position:?} names no org (an Occupancy of a Position with an organization does); loaded as a person without a post"
                );
                self.warnings.add(line, text);
            }
        }
        self.push("people", row);
    }

    fn org(&mut self, line: usize, schema: Schema, e: &Entity) {
        let mut row = Row::new();
        row.insert("id", key_of(&e.id));
        put(&mut row, "name", e.first("name"));
        let kind = match e.first("legalForm") {
            Some(word) => match OrgKind::parse(&word) {
                Ok(kind) => kind,
                Err(_) => {
                    let text = format!(
                        "{}.legalForm {word:?} is no org kind; loaded as other",
                        schema.as_str()
                    );
                    self.warnings.add(line, text);
                    OrgKind::Other
                }
            },
            None => OrgKind::Other,
        };
        row.insert("kind", kind.as_str().to_string());
        put(&mut row, "parent_id", self.key(e, "parent"));
        put(&mut row, "region", e.first("address"));
        self.push("orgs", row);
    }

    fn company(&mut self, line: usize, e: &Entity) {
        let mut row = Row::new();
        row.insert("id", key_of(&e.id));
        put(&mut row, "name", e.first("name"));
        put(&mut row, "credit_code", e.first("registrationNumber"));
        put(&mut row, "address", e.first("address"));
        put(&mut row, "phone", e.first("phone"));
        put(
            &mut row,
            "registered_on",
            self.date(line, e, "incorporationDate"),
        );
        put(&mut row, "industry", e.first("sector"));
        if let Some(word) = e.first("classification") {
            if Qualification::parse(&word).is_ok() {
                row.insert("qualification", word);
            } else {
                let text = format!(
                    "Company.classification {word:?} is no qualification grade; not loaded"
                );
                self.warnings.add(line, text);
            }
        }
        let key = key_of(&e.id);
        let i = self.push("companies", row);
        self.records.insert(key, ("companies", i));
    }

    fn contract(&mut self, line: usize, e: &Entity) {
        let mut row = Row::new();
        let key = key_of(&e.id);
        row.insert("id", key.clone());
        put(&mut row, "buyer_id", self.key(e, "authority"));
        put(
            &mut row,
            "title",
            e.first("title").or_else(|| e.first("name")),
        );
        put(&mut row, "category", e.first("classification"));
        put(&mut row, "amount", self.amount(line, e));
        if let Some(word) = e.first("method") {
            if ContractMethod::parse(&word).is_ok() {
                row.insert("method", word);
            } else {
                self.warnings.add(
                    line,
                    format!("Contract.method {word:?} is not open, invited or direct; not loaded"),
                );
            }
        }
        if let Some(word) = e.first("criteria") {
            if Qualification::parse(&word).is_ok() {
                row.insert("required_qualification", word);
            } else {
                self.warnings.add(
                    line,
                    format!("Contract.criteria {word:?} is no qualification grade; not loaded"),
                );
            }
        }
        put(&mut row, "awarded_on", self.date(line, e, "contractDate"));
        let i = self.push("contracts", row);
        self.records.insert(key, ("contracts", i));
    }

    fn payment(&mut self, line: usize, e: &Entity) {
        let mut row = Row::new();
        let key = key_of(&e.id);
        row.insert("id", key.clone());
        put(&mut row, "payer_id", self.key(e, "payer"));
        put(&mut row, "payee_id", self.key(e, "beneficiary"));
        put(&mut row, "amount", self.amount(line, e));
        put(&mut row, "purpose", e.first("purpose"));
        let paid = self.date(line, e, "date");
        let paid = paid.or_else(|| self.date(line, e, "startDate"));
        put(&mut row, "paid_on", paid);
        put(&mut row, "recorded_on", self.date(line, e, "endDate"));
        put(&mut row, "contract_id", self.key(e, "contract"));
        let i = self.push("payments", row);
        self.records.insert(key, ("payments", i));
    }

    /// Sets `column` of the contract, payment or company row `key` (a warning when the file
    /// does not hold that record).
    fn set_on(
        &mut self,
        line: usize,
        key: &str,
        column: &'static str,
        value: Option<String>,
        what: &str,
    ) {
        let Some(value) = value else { return };
        match self.records.get(key) {
            Some((table, i)) => {
                if let Some(row) = self.rows.get_mut(table).and_then(|rows| rows.get_mut(*i)) {
                    row.insert(column, value);
                }
            }
            None => self.warnings.add(
                line,
                format!("{what} names {key}, which this file does not hold; not loaded"),
            ),
        }
    }

    fn tie(&mut self, line: usize, schema: Schema, e: &Entity) {
        let dates = |c: &mut Self, row: &mut Row| {
            put(row, "start_date", c.date(line, e, "startDate"));
            put(row, "end_date", c.date(line, e, "endDate"));
        };
        match schema {
            Schema::Occupancy => {
                let post = e
                    .first("post")
                    .and_then(|id| self.by_id.get(id.as_str()).copied());
                let Some((_, post)) = post else {
                    self.warnings.add(
                        line,
                        "Occupancy's post is not in the file; not loaded".into(),
                    );
                    return;
                };
                let mut row = Row::new();
                put(&mut row, "person_id", self.key(e, "holder"));
                put(&mut row, "org_id", self.key(post, "organization"));
                put(&mut row, "title", post.first("name"));
                if !row.contains_key("org_id") {
                    self.warnings.add(
                        line,
                        "Occupancy's Position has no organization; not loaded as a post".into(),
                    );
                    return;
                }
                dates(self, &mut row);
                self.push("positions", row);
            }
            Schema::Family => {
                let word = e.first("relationship").unwrap_or_default();
                if ParsedRelation::parse(&word).is_err() {
                    let text = format!("Family.relationship {word:?} is not a primitive tie (parent, child, spouse, sibling, or their gendered and Chinese words); not loaded");
                    self.warnings.add(line, text);
                    return;
                }
                let mut row = Row::new();
                put(&mut row, "person_id", self.key(e, "person"));
                put(&mut row, "relative_id", self.key(e, "relative"));
                row.insert("relation", word);
                self.push("kinship", row);
            }
            Schema::Ownership => {
                let owner_is_org = matches!(
                    self.schema_of(e, "owner"),
                    Some(Schema::PublicBody | Schema::Organization)
                );
                let collective = e.first("ownershipType").as_deref() == Some(COLLECTIVE);
                let asset = self.key(e, "asset").unwrap_or_default();
                if owner_is_org || collective {
                    self.set_on(
                        line,
                        &asset,
                        "owner_org_id",
                        self.key(e, "owner"),
                        "Ownership by an org",
                    );
                    return;
                }
                let mut row = Row::new();
                row.insert("company_id", asset);
                put(&mut row, "person_id", self.key(e, "owner"));
                row.insert("role", CompanyRole::Shareholder.as_str().to_string());
                put(&mut row, "share_pct", e.first("percentage"));
                dates(self, &mut row);
                self.push("company_roles", row);
            }
            Schema::Directorship | Schema::Employment => {
                let (holder, company, default) = if schema == Schema::Directorship {
                    ("director", "organization", CompanyRole::Director)
                } else {
                    ("employee", "employer", CompanyRole::Employee)
                };
                if matches!(
                    self.schema_of(e, company),
                    Some(Schema::PublicBody | Schema::Organization)
                ) {
                    let text = format!("{}.{company} is an org, not a company (a post in an org is an Occupancy); not loaded", schema.as_str());
                    self.warnings.add(line, text);
                    return;
                }
                let role = match e.first("role") {
                    None => default,
                    Some(word) => match CompanyRole::parse(&word) {
                        Ok(role) => role,
                        Err(_) => {
                            let text = format!("{}.role {word:?} is not a company role (legal_rep, shareholder, director, supervisor, manager, employee); not loaded", schema.as_str());
                            self.warnings.add(line, text);
                            return;
                        }
                    },
                };
                let mut row = Row::new();
                put(&mut row, "company_id", self.key(e, company));
                put(&mut row, "person_id", self.key(e, holder));
                row.insert("role", role.as_str().to_string());
                dates(self, &mut row);
                self.push("company_roles", row);
            }
            Schema::ContractAward => self.award(line, e),
            Schema::UnknownLink => {
                let object = self.key(e, "object").unwrap_or_default();
                let (column, what, object) = match e.first("role").as_deref() {
                    Some(ROLE_APPROVER) => ("approver_id", "an approver's UnknownLink", object),
                    // The payment handled: `recordId` (FtM links nothing to a Payment).
                    Some(ROLE_HANDLER) => (
                        "handler_id",
                        "a handler's UnknownLink (recordId: the payment)",
                        e.first("recordId")
                            .map(|id| key_of(&id))
                            .unwrap_or_default(),
                    ),
                    other => {
                        let text = format!(
                            "UnknownLink.role {:?} is not approver or handler; not loaded",
                            other.unwrap_or("")
                        );
                        self.warnings.add(line, text);
                        return;
                    }
                };
                self.set_on(line, &object, column, self.key(e, "subject"), what);
            }
            _ => {}
        }
    }

    /// A contract's supplier (with its award date and tender), or a bid.
    fn award(&mut self, line: usize, e: &Entity) {
        let contract = self.key(e, "contract").unwrap_or_default();
        if e.first("role").as_deref() == Some(ROLE_BIDDER) {
            let mut row = Row::new();
            row.insert("contract_id", contract);
            put(&mut row, "bidder_id", self.key(e, "supplier"));
            put(&mut row, "amount", self.amount(line, e));
            match e.first("status").as_deref() {
                Some("unqualified") => row.insert("qualified", "false".into()),
                Some("qualified") => row.insert("qualified", "true".into()),
                _ => None,
            };
            self.push("bids", row);
            return;
        }
        self.set_on(
            line,
            &contract,
            "supplier_id",
            self.key(e, "supplier"),
            "a ContractAward",
        );
        let awarded = self.date(line, e, "date");
        if let Some((table, i)) = self.records.get(&contract).copied() {
            if let Some(row) = self.rows.get_mut(table).and_then(|r| r.get_mut(i)) {
                if let Some(day) = awarded {
                    row.entry("awarded_on").or_insert(day);
                }
            }
        }
        let tender = e
            .first("callForTenders")
            .and_then(|id| self.by_id.get(id.as_str()).copied());
        if let Some((tender_line, tender)) = tender {
            let published = self.date(tender_line, tender, "publicationDate");
            self.set_on(
                line,
                &contract,
                "published_on",
                published,
                "a ContractAward",
            );
        }
    }
}

/// Sets a column when there is a value.
fn put(row: &mut Row, column: &'static str, value: Option<String>) {
    if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
        row.insert(column, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_line_names_its_number() {
        let text = "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{}}\n\n{oops\n";
        let err = parse_lines(text).unwrap_err().to_string();
        assert!(err.starts_with("line 3:"), "{err}");
    }

    #[test]
    fn unknown_schemata_and_words_are_warnings() {
        let text = concat!(
            "{\"id\":\"gx-person-a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}\n",
            "{\"id\":\"gx-person-b\",\"schema\":\"Person\",\"properties\":{\"name\":[\"B\"]}}\n",
            "{\"id\":\"v1\",\"schema\":\"Vessel\",\"properties\":{\"name\":[\"Boat\"]}}\n",
            "{\"id\":\"f1\",\"schema\":\"Family\",\"properties\":{\"person\":[\"gx-person-a\"],\"relative\":[\"gx-person-b\"],\"relationship\":[\"cousin\"]}}\n",
            "{\"id\":\"f2\",\"schema\":\"Family\",\"properties\":{\"person\":[\"gx-person-a\"],\"relative\":[\"gx-person-b\"],\"relationship\":[\"sister\"]}}\n",
        );
        let (tables, warnings) = to_tables(&parse_lines(text).unwrap());
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("line 3:") && w.contains("Vessel")),
            "{warnings:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("line 4:") && w.contains("cousin")),
            "{warnings:?}"
        );
        let (_, kin) = &tables["kinship"];
        assert_eq!(
            kin,
            &vec![vec!["a".to_string(), "b".into(), "sister".into()]]
        );
        assert_eq!(tables["people"].1.len(), 2);
    }
}

//! `guanxi case ...`: cases (线索/案件) from the command line, over [`crate::cases`] like the
//! `/api/cases` routes. The user is `cli:$USER`, who sees every case (no region scope);
//! every change, refused ones too, is written to the audit log at once.

use std::time::Duration;

use clap::{Args, Subcommand};

use crate::audit;
use crate::cases::{self, Case, CaseError, ItemRef, NewCase};
use crate::db;
use crate::domain::{CaseStatus, Role};
use crate::report::{self, Lang};
use crate::settings::Settings;

/// Items named on the command line.
#[derive(Debug, Args)]
pub struct ItemArgs {
    /// An alert's id (repeatable).
    #[arg(long = "alert")]
    alerts: Vec<String>,
    /// A tip's id (repeatable).
    #[arg(long = "tip")]
    tips: Vec<String>,
    /// An entity's id: person, company, org, contract, ... (repeatable).
    #[arg(long = "entity")]
    entities: Vec<String>,
}

impl ItemArgs {
    fn items(self) -> Vec<ItemRef> {
        cases::items_of(self.alerts, self.tips, self.entities)
    }
}

/// `guanxi case ...`
#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// Open a case from alerts, tips or entities; prints its number as the last line.
    Create {
        /// What it is about.
        #[arg(long)]
        title: String,
        /// What it starts with.
        #[command(flatten)]
        items: ItemArgs,
        /// Who handles it.
        #[arg(long)]
        assignee: Option<String>,
        /// By when (YYYY-MM-DD, or any date form the loaders read).
        #[arg(long, value_parser = parse_deadline)]
        deadline: Option<chrono::NaiveDate>,
    },
    /// Every case, newest first.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// One case: items, notes, status history.
    Show {
        /// The case number (C-2026-0001).
        id: String,
        /// `text` (default) or `json`.
        #[arg(long, default_value = "text")]
        format: Format,
    },
    /// Include more alerts, tips or entities.
    Add {
        /// The case number.
        id: String,
        /// What to include.
        #[command(flatten)]
        items: ItemArgs,
    },
    /// Take items out (by id, whatever their kind).
    Remove {
        /// The case number.
        id: String,
        /// The ids of the items to take out.
        #[arg(required = true)]
        items: Vec<String>,
    },
    /// Add a dated note to the case's log.
    Note {
        /// The case number.
        id: String,
        /// The note.
        text: String,
    },
    /// Move the case along 受理 received → 初步核实 preliminary_check → 谈话函询 inquiry →
    /// 立案审查 filed → 办结 closed (closing needs --disposition).
    Status {
        /// The case number.
        id: String,
        /// The new status, Chinese or English.
        #[arg(value_parser = cases::parse_status)]
        status: CaseStatus,
        /// How it is closed (one of `[cases] dispositions`).
        #[arg(long)]
        disposition: Option<String>,
        /// Also close the case's open alerts (confirmed, with the disposition as note).
        #[arg(long)]
        close_alerts: bool,
    },
    /// Write the case's report as a Word document (.docx): summary, alerts with their kin
    /// chains and evidence, the evidence graph, notes, source rows with file and line.
    Report {
        /// The case number.
        id: String,
        /// Where to write it (e.g. C-2026-0001.docx).
        #[arg(long)]
        out: std::path::PathBuf,
        /// `zh` (default) or `en`.
        #[arg(long, default_value = "zh", value_parser = parse_lang)]
        lang: Lang,
        /// Whose view it carries: `viewer` (masked as the API masks viewers' answers) or
        /// `investigator` (everything, the default for the local operator).
        #[arg(long = "as", default_value = "investigator", value_parser = parse_reader)]
        reader: Role,
    },
}

fn parse_lang(word: &str) -> Result<Lang, String> {
    Lang::parse(word.trim()).ok_or_else(|| format!("unknown language {word:?}; zh or en"))
}

fn parse_reader(word: &str) -> Result<Role, String> {
    Role::parse(word.trim()).ok_or_else(|| format!("unknown role {word:?}; viewer or investigator"))
}

/// How `case show` prints.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Lines for a person.
    Text,
    /// The API's JSON.
    Json,
}

fn parse_deadline(text: &str) -> Result<chrono::NaiveDate, String> {
    crate::domain::parse_date(text).map_err(|e| e.to_string())
}

/// Runs one `guanxi case` command.
pub async fn run(settings: &Settings, command: CaseCommand) -> anyhow::Result<()> {
    let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
    db::apply_schema(&graph).await?;
    let by = crate::load::cli_user();
    let actor = (by.as_str(), "cli", "CLI");
    match command {
        CaseCommand::List { json } => {
            let all = cases::list(&graph, None).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&all)?);
            } else {
                println!("案件 Cases ({})", all.len());
                for c in &all {
                    println!(
                        "{}\t{}\t{}\t{}\t{} items\t{}",
                        c.id,
                        c.status_label,
                        c.assignee.as_deref().unwrap_or("-"),
                        c.deadline.as_deref().unwrap_or("-"),
                        c.items.len(),
                        c.title
                    );
                }
            }
        }
        CaseCommand::Report {
            id,
            out,
            lang,
            reader,
        } => {
            let bytes = report::case_report(&graph, &id, None, reader, lang).await?;
            std::fs::write(&out, &bytes)
                .map_err(|e| anyhow::anyhow!("writing {}: {e}", out.display()))?;
            println!(
                "{id}: report written to {} ({} bytes)",
                out.display(),
                bytes.len()
            );
        }
        CaseCommand::Show { id, format } => {
            let case = cases::get(&graph, &id, None)
                .await?
                .ok_or(CaseError::NotFound(id))?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&case)?),
                Format::Text => print_case(&case),
            }
        }
        CaseCommand::Create {
            title,
            items,
            assignee,
            deadline,
        } => {
            let new = NewCase {
                title,
                assignee,
                deadline,
                items: items.items(),
            };
            let ids = cases::item_ids(&new.items);
            let created = cases::create(&graph, &new, &by, None).await;
            let case = created.as_ref().map(String::as_str).unwrap_or("(new)");
            let entry =
                cases::audit_entry("create", case, &new.title, &ids, created.as_ref(), actor);
            audit::append_one(&graph, &entry).await?;
            println!("{}", created?);
        }
        CaseCommand::Add { id, items } => {
            let items = items.items();
            let ids = cases::item_ids(&items);
            let added = cases::add_items(&graph, &id, &items, &by, None).await;
            let entry = cases::audit_entry("add", &id, &ids.join(" "), &ids, added.as_ref(), actor);
            audit::append_one(&graph, &entry).await?;
            added?;
            println!("{id}: added {}", ids.join(", "));
        }
        CaseCommand::Remove { id, items } => {
            for item in &items {
                let removed = cases::remove_item(&graph, &id, item, &by, None).await;
                let named = std::slice::from_ref(item);
                let entry = cases::audit_entry("remove", &id, item, named, removed.as_ref(), actor);
                audit::append_one(&graph, &entry).await?;
                removed?;
                println!("{id}: removed {item}");
            }
        }
        CaseCommand::Note { id, text } => {
            let noted = cases::note(&graph, &id, &text, &by, None).await;
            let entry = cases::audit_entry("note", &id, &text, &[], noted.as_ref(), actor);
            audit::append_one(&graph, &entry).await?;
            let note = noted?;
            println!("{id}: note by {} at {}", note.by, note.at);
        }
        CaseCommand::Status {
            id,
            status,
            disposition,
            close_alerts,
        } => {
            let changed = cases::change_status(
                &graph,
                &id,
                status,
                disposition.as_deref(),
                close_alerts,
                (&settings.cases.dispositions, &by, None),
            )
            .await;
            let change = cases::status_change(status, disposition.as_deref(), close_alerts);
            let closed = changed
                .as_ref()
                .map(|o| o.closed_alerts.clone())
                .unwrap_or_default();
            let entry =
                cases::audit_entry("status", &id, &change, &closed, changed.as_ref(), actor);
            audit::append_one(&graph, &entry).await?;
            let outcome = changed?;
            println!("{id}: {}", status.label());
            for alert in &outcome.closed_alerts {
                println!("closed alert {alert}");
            }
        }
    }
    Ok(())
}

fn print_case(case: &Case) {
    println!("{}\t{}", case.id, case.title);
    println!("状态 status: {}", case.status_label);
    if let Some(d) = &case.disposition {
        println!("处置 disposition: {d}");
    }
    println!(
        "承办人 assignee: {}\t期限 deadline: {}",
        case.assignee.as_deref().unwrap_or("-"),
        case.deadline.as_deref().unwrap_or("-")
    );
    println!(
        "created {} by {}; updated {} by {}",
        case.created_at, case.created_by, case.updated_at, case.updated_by
    );
    println!("内容 items ({}):", case.items.len());
    for item in &case.items {
        println!(
            "  {}\t{}\t{}\t{}",
            item.kind,
            item.id,
            item.status.as_deref().unwrap_or(""),
            item.label.as_deref().unwrap_or("")
        );
    }
    println!("记录 notes ({}):", case.notes.len());
    for note in &case.notes {
        println!("  {}\t{}\t{}", note.at, note.by, note.text);
    }
    println!("流转 history:");
    for change in &case.history {
        println!(
            "  {}\t{}\t{}{}",
            change.at,
            change.by,
            change.status.label(),
            change
                .disposition
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        );
    }
}

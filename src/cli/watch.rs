//! `guanxi watch add|remove|list --as TOKEN_NAME ...`: an investigator's watchlist from the
//! command line, over [`crate::watch`] like the `/api/watchlist` routes. The watcher is the
//! token named by `--as` (an investigator's or admin's), with that token's region scope;
//! every change, refused ones too, is written to the audit log at once, by `cli:$USER`.

use std::time::Duration;

use clap::Subcommand;

use crate::audit;
use crate::db;
use crate::settings::Settings;
use crate::tips::MatcherCache;
use crate::watch::{self, WatchKind};

/// `guanxi watch ...`
#[derive(Debug, Subcommand)]
pub enum WatchCommand {
    /// Watch people, companies or orgs (`--entity`), or regions (`--region`, an org id).
    Add {
        /// The watcher: an investigator's or admin's token name.
        #[arg(long = "as", value_name = "TOKEN_NAME")]
        watcher: String,
        /// A person, company or org id (repeatable).
        #[arg(long = "entity")]
        entities: Vec<String>,
        /// An org id whose region is watched (repeatable).
        #[arg(long = "region")]
        regions: Vec<String>,
    },
    /// Stop watching, by the watch's id (see `list`).
    Remove {
        /// The watcher's token name.
        #[arg(long = "as", value_name = "TOKEN_NAME")]
        watcher: String,
        /// Watch ids.
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// What the watcher watches, and with `--news` their news since they last looked.
    List {
        /// The watcher's token name.
        #[arg(long = "as", value_name = "TOKEN_NAME")]
        watcher: String,
        /// Also the news (alerts and tips touching watched items).
        #[arg(long)]
        news: bool,
        /// JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Runs one `guanxi watch` command.
pub async fn run(settings: &Settings, command: WatchCommand) -> anyhow::Result<()> {
    let graph = db::connect_and_ping(&settings.neo4j, Duration::from_secs(10)).await?;
    db::apply_schema(&graph).await?;
    let by = crate::load::cli_user();
    let actor = (by.as_str(), "cli", "CLI");
    match command {
        WatchCommand::Add {
            watcher,
            entities,
            regions,
        } => {
            let scope = watch::watcher_token(&graph, &watcher).await?;
            if entities.is_empty() && regions.is_empty() {
                anyhow::bail!("name what to watch: --entity ID or --region ORG_ID");
            }
            let wanted = entities
                .into_iter()
                .map(|id| (WatchKind::Entity, id))
                .chain(regions.into_iter().map(|id| (WatchKind::Region, id)));
            for (kind, target) in wanted {
                let added = watch::add(&graph, &watcher, kind, &target, scope.as_deref()).await;
                let change = format!("{watcher}: {kind} {target}");
                let named = std::slice::from_ref(&target);
                let entry = watch::audit_entry("add", &change, named, added.as_ref(), actor);
                audit::append_one(&graph, &entry).await?;
                let item = added?;
                println!("{}\t{}\t{}\t{}", item.id, item.kind, item.target, item.name);
            }
        }
        WatchCommand::Remove { watcher, ids } => {
            watch::watcher_token(&graph, &watcher).await?;
            for id in &ids {
                let removed = watch::remove(&graph, &watcher, id).await;
                let targets: Vec<String> = removed.iter().cloned().collect();
                let change = format!("{watcher}: {id}");
                let entry =
                    watch::audit_entry("remove", &change, &targets, removed.as_ref(), actor);
                audit::append_one(&graph, &entry).await?;
                println!("{id}: no longer watching {}", removed?);
            }
        }
        WatchCommand::List {
            watcher,
            news,
            json,
        } => {
            let scope = watch::watcher_token(&graph, &watcher).await?;
            let list = watch::list(&graph, &watcher).await?;
            let news = if news {
                let names = MatcherCache::default();
                Some(watch::news(&graph, &names, &watcher, scope.as_deref()).await?)
            } else {
                None
            };
            if json {
                let value = serde_json::json!({ "watchlist": list, "news": news });
                println!("{}", serde_json::to_string_pretty(&value)?);
                return Ok(());
            }
            println!("关注 Watchlist of {watcher} ({})", list.items.len());
            for item in &list.items {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    item.id,
                    item.kind,
                    item.target,
                    item.name,
                    item.created_at.as_deref().unwrap_or("-")
                );
            }
            if let Some(news) = news {
                println!("动态 News ({})", news.count);
                for alert in &news.alerts {
                    println!(
                        "alert\t{}\t{}\t{}\t{}",
                        alert.id,
                        alert.severity,
                        alert.watched.join(","),
                        alert.summary.zh
                    );
                }
                for tip in &news.tips {
                    println!(
                        "tip\t{}\t{}\t{}",
                        tip.id,
                        tip.watched.join(","),
                        tip.excerpt
                    );
                }
            }
        }
    }
    Ok(())
}

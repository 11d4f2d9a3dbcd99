//! An opened tip as text for the command line (`guanxi tip show`): Chinese first with
//! English beside, the sections in the order an inspector reads them: the tip, who it
//! names, names that need telling apart, alerts, then the connecting paths.

use std::fmt::Write;

use super::{TipEntity, TipPage, TipView};

fn kind_words(kind: &str) -> &'static str {
    match kind {
        "Person" => "人员 person",
        "Company" => "企业 company",
        "Org" => "组织 org",
        _ => "其他 other",
    }
}

/// One entity on a line: id, kind, name and what tells it apart.
fn entity_line(e: &TipEntity) -> String {
    let mut line = format!("{}  {}  {}", e.id, kind_words(&e.kind), e.name);
    if let Some(year) = e.birth_year {
        let _ = write!(line, "  {year}年生 born {year}");
    }
    if !e.posts.is_empty() {
        let posts: Vec<String> = e
            .posts
            .iter()
            .map(|p| format!("{}{}", p.org, p.title))
            .collect();
        let _ = write!(line, "  任职 posts: {}", posts.join("、"));
    }
    if let Some(parent) = &e.parent {
        let _ = write!(line, "  隶属 part of: {parent}");
    }
    if let Some(address) = &e.address {
        let _ = write!(line, "  地址 address: {address}");
    }
    if e.subject {
        line.push_str("  [举报对象 subject]");
    }
    if !e.mentions.is_empty() {
        let _ = write!(line, "  [文中 named as: {}]", e.mentions.join("、"));
    }
    line
}

/// The opened tip as text.
pub fn render_tip(tip: &TipView) -> String {
    let mut out = String::new();
    let received = tip.received_on.as_deref().unwrap_or("?");
    let _ = writeln!(out, "举报 Tip {}  收到 received {received}", tip.id);
    let _ = writeln!(out, "{}", tip.text);
    let _ = writeln!(out, "\n点名对象 Entities named ({}):", tip.entities.len());
    for e in &tip.entities {
        let _ = writeln!(out, "  {}", entity_line(e));
    }
    if !tip.ambiguous.is_empty() {
        let _ = writeln!(out, "\n同名待辨 Names several entities bear (not guessed):");
        for name in &tip.ambiguous {
            let _ = writeln!(out, "  {}:", name.mention);
            for c in &name.candidates {
                let _ = writeln!(out, "    {}", entity_line(c));
            }
        }
    }
    let _ = writeln!(out, "\n相关告警 Alerts ({}):", tip.alerts.len());
    for a in &tip.alerts {
        let _ = writeln!(
            out,
            "  [{}] {} {}  {}\n      {}",
            a.severity.as_str(),
            a.pattern,
            a.id,
            a.summary.zh,
            a.summary.en
        );
    }
    let _ = writeln!(out, "\n关联路径 Connecting paths ({}):", tip.paths.len());
    for pair in &tip.paths {
        let _ = writeln!(out, "  {} → {}", pair.official, pair.company);
        for p in &pair.paths {
            let _ = writeln!(out, "    {}\n      {}", p.text_zh, p.text_en);
        }
    }
    for note in &tip.notes {
        let _ = writeln!(out, "\n注 Note: {note}");
    }
    out
}

/// A page of the inbox as a table.
pub fn render_page(page: &TipPage) -> String {
    let mut out = format!(
        "举报 Tips: {} (第 {} 页 page {}, 每页 {} per page)\n",
        page.total, page.page, page.page, page.per_page
    );
    let _ = writeln!(
        out,
        "{:<14} {:<10} {:>5} {:>5}  内容 text",
        "编号 id", "日期 date", "命中 matched", "同名 ambiguous"
    );
    for t in &page.tips {
        let _ = writeln!(
            out,
            "{:<14} {:<10} {:>5} {:>5}  {}",
            t.id,
            t.received_on.as_deref().unwrap_or(""),
            t.matched,
            t.ambiguous,
            t.excerpt
        );
    }
    out
}

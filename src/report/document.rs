//! The .docx of a case report, built with `docx-rs` from [`ReportData`] (already viewed for
//! its reader): summary table, alerts with their sentence, kin chains and evidence, the
//! evidence graph picture, notes, and the source rows with file and line.

use std::collections::BTreeSet;

use docx_rs::{Docx, Paragraph, Pic, Run, RunFonts, Table, TableCell, TableRow};

use super::chains::{kin_chains, name_of};
use super::graph::{evidence_svg, rasterise};
use super::{Lang, ReportData, ReportError};
use crate::domain::Role;
use crate::explore::evidence_words;
use crate::scan::alerts::{EvidenceNode, EvidenceRelationship};

/// The widest picture on an A4 page with default margins: 6 inches in EMU.
const PICTURE_WIDTH_EMU: u32 = 6 * 914_400;

/// Properties that repeat a column of the source table or are bookkeeping, not content.
const NOT_DETAILS: &[&str] = &[
    "id",
    "name",
    "title",
    "name_norm",
    "pinyin",
    "address_norm",
    "scope_orgs",
    "row_hash",
    "load_run",
    "first_load_run",
    "loaded_at",
    "source_file",
    "source_line",
];

fn text(t: impl Into<String>) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(t))
}

fn heading(t: impl Into<String>, size: usize) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(t).bold().size(size))
}

fn table(header: &[String], rows: Vec<Vec<String>>) -> Table {
    let cell = |t: &str, bold: bool| {
        let run = Run::new().add_text(t);
        TableCell::new().add_paragraph(Paragraph::new().add_run(if bold {
            run.bold()
        } else {
            run
        }))
    };
    let mut all = vec![TableRow::new(
        header.iter().map(|h| cell(h, true)).collect(),
    )];
    all.extend(
        rows.iter()
            .map(|r| TableRow::new(r.iter().map(|t| cell(t, false)).collect())),
    );
    Table::new(all)
}

fn or_dash(value: Option<&str>) -> String {
    value.filter(|v| !v.is_empty()).unwrap_or("-").to_string()
}

/// The .docx bytes of the report.
pub fn write(data: &ReportData) -> Result<Vec<u8>, ReportError> {
    let l = data.lang;
    let w = |zh: &str, en: &str| l.pick(zh, en);
    let case = &data.case;
    let mut doc = Docx::new().default_fonts(
        RunFonts::new()
            .east_asia("SimSun")
            .ascii("Calibri")
            .hi_ansi("Calibri"),
    );
    doc = doc
        .add_paragraph(heading(
            format!("{} {}", w("案件报告", "Case report"), case.id),
            36,
        ))
        .add_paragraph(heading(case.title.clone(), 28));

    // The case summary.
    let status = l.pick(case.status.zh(), case.status.as_str());
    let summary = vec![
        vec![w("编号", "Number"), case.id.clone()],
        vec![w("标题", "Title"), case.title.clone()],
        vec![w("状态", "Status"), status],
        vec![w("承办人", "Assignee"), or_dash(case.assignee.as_deref())],
        vec![w("期限", "Deadline"), or_dash(case.deadline.as_deref())],
        vec![
            w("处置", "Disposition"),
            or_dash(case.disposition.as_deref()),
        ],
        vec![
            w("受理", "Opened"),
            format!("{} ({})", case.created_at, case.created_by),
        ],
        vec![
            w("最近更新", "Last change"),
            format!("{} ({})", case.updated_at, case.updated_by),
        ],
    ];
    doc = doc
        .add_paragraph(heading(w("一、案件概况", "1. Case summary"), 28))
        .add_table(table(&[w("项目", "Field"), w("内容", "Value")], summary));
    let items = case
        .items
        .iter()
        .map(|i| {
            vec![
                i.kind.clone(),
                i.id.clone(),
                or_dash(i.status.as_deref()),
                or_dash(i.label.as_deref()),
            ]
        })
        .collect();
    let item_header = [
        w("类别", "Kind"),
        w("编号", "Id"),
        w("状态", "Status"),
        w("说明", "Label"),
    ];
    doc = doc
        .add_paragraph(text(w("案件所含内容：", "What the case includes:")))
        .add_table(table(&item_header, items));

    // Each alert: its sentence, kin chains and evidence.
    doc = doc.add_paragraph(heading(w("二、预警", "2. Alerts"), 28));
    if data.alerts.is_empty() {
        doc = doc.add_paragraph(text(w("（无预警）", "(no alerts)")));
    }
    for (n, alert) in data.alerts.iter().enumerate() {
        let (title_zh, title_en) = data
            .titles
            .get(&alert.pattern)
            .cloned()
            .unwrap_or_else(|| (alert.pattern.clone(), alert.pattern.clone()));
        let severity = l.pick(alert.severity.zh(), alert.severity.as_str());
        doc = doc
            .add_paragraph(heading(
                format!(
                    "{}. {}（{}：{}）{}",
                    n + 1,
                    l.pick(title_zh, title_en),
                    w("严重程度", "severity"),
                    severity,
                    alert.id
                ),
                24,
            ))
            .add_paragraph(text(l.pick(&alert.summary.zh, &alert.summary.en)));
        let chains = kin_chains(alert);
        if !chains.is_empty() {
            doc = doc.add_paragraph(text(w("亲属关系链：", "Kin chains:")));
            for chain in chains {
                doc = doc.add_paragraph(text(format!("    {}", l.pick(chain.zh, chain.en))));
            }
        }
        doc = doc
            .add_paragraph(text(w("证据：", "Evidence:")))
            .add_table(evidence_table(&alert.evidence.relationships, alert, l));
    }

    // The evidence graph of the whole case.
    doc = doc.add_paragraph(heading(w("三、关系图", "3. Evidence graph"), 28));
    let (nodes, rels) = union(data);
    if nodes.is_empty() {
        doc = doc.add_paragraph(text(w("（无证据）", "(no evidence)")));
    } else {
        match rasterise(&evidence_svg(&nodes, &rels, l)) {
            Ok(picture) => {
                let height = u64::from(PICTURE_WIDTH_EMU) * u64::from(picture.height)
                    / u64::from(picture.width.max(1));
                let pic = Pic::new_with_dimensions(picture.png, picture.width, picture.height)
                    .size(PICTURE_WIDTH_EMU, height as u32);
                doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_image(pic)));
            }
            Err(e) => {
                tracing::warn!(error = %e, "drawing a case report's evidence graph");
                doc = doc.add_paragraph(text(w(
                    "（关系图无法绘制）",
                    "(the graph could not be drawn)",
                )));
            }
        }
    }

    // Notes: a viewer reads who wrote when, not what.
    doc = doc.add_paragraph(heading(w("四、工作记录", "4. Notes"), 28));
    let hidden = w("（不向查看者显示）", "(not shown to viewers)");
    let notes = case
        .notes
        .iter()
        .map(|n| {
            let body = if data.role < Role::Investigator {
                hidden.clone()
            } else {
                n.text.clone()
            };
            vec![n.at.clone(), n.by.clone(), body]
        })
        .collect();
    doc = doc.add_table(table(
        &[w("时间", "When"), w("记录人", "By"), w("内容", "Note")],
        notes,
    ));

    // The source rows behind the evidence.
    doc = doc
        .add_paragraph(heading(w("五、来源记录", "5. Source rows"), 28))
        .add_table(source_table(data, &nodes, &rels));
    doc = doc.add_paragraph(text(format!(
        "{} {} ({})",
        w("生成于", "Generated at"),
        chrono::Utc::now().to_rfc3339(),
        data.role
    )));

    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut bytes)
        .map_err(|e| ReportError::Write(e.to_string()))?;
    Ok(bytes.into_inner())
}

/// One alert's relationships in words, with where each came from.
fn evidence_table(rels: &[EvidenceRelationship], alert: &crate::scan::Alert, l: Lang) -> Table {
    let rows = rels
        .iter()
        .map(|r| {
            let (zh, en) = evidence_words(&r.rel_type, r.label.as_deref(), None, None);
            vec![
                name_of(&alert.evidence, &r.from),
                l.pick(zh, en),
                name_of(&alert.evidence, &r.to),
                or_dash(r.source_file.as_deref()),
                r.source_line
                    .map(|n| n.to_string())
                    .unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    let header = [
        l.pick("从", "From"),
        l.pick("关系", "Relationship"),
        l.pick("到", "To"),
        l.pick("文件", "File"),
        l.pick("行", "Line"),
    ];
    table(&header, rows)
}

/// The evidence of every alert of the case, each node and relationship once.
fn union(data: &ReportData) -> (Vec<EvidenceNode>, Vec<EvidenceRelationship>) {
    let nodes: BTreeSet<EvidenceNode> = data
        .alerts
        .iter()
        .flat_map(|a| a.evidence.nodes.iter().cloned())
        .collect();
    let rels: BTreeSet<EvidenceRelationship> = data
        .alerts
        .iter()
        .flat_map(|a| a.evidence.relationships.iter().cloned())
        .collect();
    (nodes.into_iter().collect(), rels.into_iter().collect())
}

/// The source rows: each evidence record (with its properties as the reader's view shows
/// them) and each loaded relationship, by file and line.
fn source_table(data: &ReportData, nodes: &[EvidenceNode], rels: &[EvidenceRelationship]) -> Table {
    let l = data.lang;
    let mut rows: BTreeSet<(String, i64, String, String, String, String)> = BTreeSet::new();
    for n in nodes {
        let details = data
            .records
            .get(&n.id)
            .map(|r| {
                r.properties
                    .iter()
                    .filter(|(k, v)| !NOT_DETAILS.contains(&k.as_str()) && !v.is_null())
                    .map(|(k, v)| match v {
                        serde_json::Value::String(s) => format!("{k}={s}"),
                        other => format!("{k}={other}"),
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default();
        rows.insert((
            n.source_file.clone().unwrap_or_else(|| "-".into()),
            n.source_line.unwrap_or(-1),
            n.label.clone(),
            n.id.clone(),
            n.name.clone().unwrap_or_default(),
            details,
        ));
    }
    let all = crate::scan::Evidence {
        nodes: nodes.to_vec(),
        relationships: Vec::new(),
    };
    for r in rels.iter().filter(|r| r.source_file.is_some()) {
        let (zh, en) = evidence_words(&r.rel_type, r.label.as_deref(), None, None);
        rows.insert((
            r.source_file.clone().unwrap_or_default(),
            r.source_line.unwrap_or(-1),
            r.rel_type.clone(),
            format!("{} → {}", r.from, r.to),
            format!(
                "{} —{}→ {}",
                name_of(&all, &r.from),
                l.pick(zh, en),
                name_of(&all, &r.to)
            ),
            String::new(),
        ));
    }
    let rows = rows
        .into_iter()
        .map(|(file, line, kind, id, name, details)| {
            let line = if line < 0 {
                "-".into()
            } else {
                line.to_string()
            };
            vec![file, line, kind, id, name, details]
        })
        .collect();
    let header = [
        l.pick("文件", "File"),
        l.pick("行", "Line"),
        l.pick("类别", "Kind"),
        l.pick("编号", "Id"),
        l.pick("名称", "Name"),
        l.pick("内容", "Details"),
    ];
    table(&header, rows)
}

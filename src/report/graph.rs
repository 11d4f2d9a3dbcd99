//! The evidence graph of a case report as an image: the union of its alerts' evidence
//! nodes and relationships drawn as an SVG on a circle (nodes in id order, so the same case
//! draws the same picture), rasterised to PNG with `resvg`. Text uses the system's fonts
//! (Chinese shows when a CJK font such as Debian's `fonts-noto-cjk` is installed); without
//! one the labels are left out of the picture, never the picture out of the report.

use std::collections::BTreeMap;
use std::f64::consts::PI;
use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::Lang;
use crate::explore::evidence_words;
use crate::scan::alerts::{EvidenceNode, EvidenceRelationship};

/// A PNG and its size in pixels.
#[derive(Debug, Clone)]
pub struct Picture {
    /// The PNG file's bytes.
    pub png: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// The fonts the pictures use: the system's, read once per process (scanning the font
/// folders costs more than drawing).
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_system_fonts();
            Arc::new(db)
        })
        .clone()
}

/// The fill of a node of `kind`.
fn colour(kind: &str) -> &'static str {
    match kind {
        "Person" => "#e8684a",
        "Company" => "#5b8ff9",
        "Org" => "#5ad8a6",
        "Contract" => "#f6bd16",
        "Payment" => "#9270ca",
        "Tip" => "#ff9d4d",
        _ => "#9aa5b1",
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The SVG of the nodes and relationships (repeats merged: a node by id, relationships by
/// their two ends, their words joined).
pub fn evidence_svg(nodes: &[EvidenceNode], rels: &[EvidenceRelationship], lang: Lang) -> String {
    let mut by_id: BTreeMap<&str, &EvidenceNode> = BTreeMap::new();
    for n in nodes {
        by_id.entry(n.id.as_str()).or_insert(n);
    }
    let count = by_id.len().max(1);
    let radius = (count as f64 * 26.0).clamp(160.0, 420.0);
    let (width, height) = (2.0 * radius + 320.0, 2.0 * radius + 160.0);
    let (cx, cy) = (width / 2.0, height / 2.0);
    let at: BTreeMap<&str, (f64, f64)> = by_id
        .keys()
        .enumerate()
        .map(|(i, id)| {
            let angle = 2.0 * PI * i as f64 / count as f64 - PI / 2.0;
            (*id, (cx + radius * angle.cos(), cy + radius * angle.sin()))
        })
        .collect();
    let mut edges: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for r in rels {
        if !(at.contains_key(r.from.as_str()) && at.contains_key(r.to.as_str())) {
            continue;
        }
        let (zh, en) = evidence_words(&r.rel_type, r.label.as_deref(), None, None);
        let word = lang.pick(zh, en);
        let words = edges.entry((r.from.as_str(), r.to.as_str())).or_default();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    let font = r#"font-family="Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, WenQuanYi Micro Hei, sans-serif""#;
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}"><rect width="100%" height="100%" fill="white"/><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#666"/></marker></defs>"##
    );
    for ((from, to), words) in &edges {
        let ((x1, y1), (x2, y2)) = (at[from], at[to]);
        // Stop short of the target's circle so that the arrow shows.
        let (dx, dy) = (x2 - x1, y2 - y1);
        let length = (dx * dx + dy * dy).sqrt().max(1.0);
        let (ex, ey) = (x2 - dx / length * 20.0, y2 - dy / length * 20.0);
        svg.push_str(&format!(
            r##"<line x1="{x1:.1}" y1="{y1:.1}" x2="{ex:.1}" y2="{ey:.1}" stroke="#999" stroke-width="1.5" marker-end="url(#arrow)"/><text x="{:.1}" y="{:.1}" font-size="12" fill="#444" text-anchor="middle" {font}>{}</text>"##,
            (x1 + x2) / 2.0,
            (y1 + y2) / 2.0 - 4.0,
            escape(&words.join("、"))
        ));
    }
    for (id, node) in &by_id {
        let (x, y) = at[id];
        let name = node.name.clone().unwrap_or_else(|| id.to_string());
        svg.push_str(&format!(
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="18" fill="{}" stroke="#333" stroke-width="1"/><text x="{x:.1}" y="{:.1}" font-size="14" fill="#111" text-anchor="middle" {font}>{}</text>"##,
            colour(&node.label),
            // Names of the upper half above their circle, away from the edges' words.
            if y < cy - 1.0 { y - 26.0 } else { y + 34.0 },
            escape(&name)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// The SVG rasterised to PNG.
pub fn rasterise(svg: &str) -> Result<Picture, String> {
    let options = usvg::Options {
        fontdb: fonts(),
        ..Default::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| "the picture has no size".to_string())?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    let png = pixmap.encode_png().map_err(|e| e.to_string())?;
    Ok(Picture {
        png,
        width: size.width(),
        height: size.height(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_the_same_picture_for_the_same_evidence_and_makes_a_png() {
        let node = |id: &str, name: &str, label: &str| EvidenceNode {
            id: id.into(),
            label: label.into(),
            name: Some(name.into()),
            source_file: None,
            source_line: None,
        };
        let nodes = vec![
            node("p-w", "王建国 <x>", "Person"),
            node("c-h", "红图广告", "Company"),
        ];
        let rels = vec![EvidenceRelationship {
            rel_type: "ROLE_IN".into(),
            from: "p-w".into(),
            to: "c-h".into(),
            source_file: None,
            source_line: None,
            label: Some("legal_rep".into()),
        }];
        let svg = evidence_svg(&nodes, &rels, Lang::Zh);
        assert_eq!(svg, evidence_svg(&nodes, &rels, Lang::Zh));
        assert!(
            svg.contains("法定代表人") && svg.contains("王建国 &lt;x&gt;"),
            "{svg}"
        );
        let picture = rasterise(&svg).unwrap();
        assert!(picture.png.starts_with(&[0x89, b'P', b'N', b'G']));
        assert!(picture.width > 300 && picture.height > 300);
    }
}

//! The docs hold everything a clone needs: no path outside the repository (a user's clone
//! has no `../shared`), and every repository path the README and `docs/` name exists, so
//! that a renamed file cannot leave a reader at a dead end.

use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Top-level folders whose paths the docs quote in backticks.
const TOP: [&str; 11] = [
    "docs/",
    "examples/",
    "src/",
    "tests/",
    "cypher/",
    "loaders/",
    "web/",
    "bench/",
    "deploy/",
    "scripts/",
    "neo4j-launcher/",
];

/// The Markdown files a reader of a clone sees first.
fn documents() -> Vec<PathBuf> {
    let root = Path::new(ROOT);
    // deploy/INSTALL.md is the release's guide: the release holds the same docs/ and examples/.
    let mut files = vec![
        root.join("README.md"),
        root.join("examples/README.md"),
        root.join("deploy/INSTALL.md"),
    ];
    for pattern in ["docs/*.md", "docs/**/*.md"] {
        let pattern = root.join(pattern);
        for path in glob::glob(pattern.to_str().unwrap()).unwrap().flatten() {
            if !files.contains(&path) {
                files.push(path);
            }
        }
    }
    files
}

/// Paths quoted as `code` that start with a top-level folder, without globs or placeholders
/// (`<id>`, `{table}`, `*`), which name files made at run time.
fn quoted_paths(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(|quoted| quoted.trim_end_matches([',', '.', ':']))
        .filter(|quoted| TOP.iter().any(|top| quoted.starts_with(top)))
        .filter(|quoted| !quoted.contains(['*', '<', '{', ' ', '$']))
        .map(|quoted| quoted.split(['#', ':']).next().unwrap().to_string())
        .collect()
}

/// Relative link targets of `[text](target)`.
fn link_targets(text: &str) -> Vec<String> {
    text.split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .filter(|target| !target.contains("://") && !target.starts_with('#'))
        .map(|target| target.split('#').next().unwrap().to_string())
        .filter(|target| !target.is_empty())
        .collect()
}

#[test]
fn no_doc_points_outside_the_repository() {
    for file in documents() {
        let text = std::fs::read_to_string(&file).unwrap();
        for (number, line) in text.lines().enumerate() {
            assert!(
                !line.contains("../shared"),
                "{}:{}: a path outside the repository: {line}",
                file.display(),
                number + 1
            );
        }
    }
}

#[test]
fn every_path_the_docs_name_exists() {
    let root = Path::new(ROOT);
    let mut missing = Vec::new();
    for file in documents() {
        let text = std::fs::read_to_string(&file).unwrap();
        for path in quoted_paths(&text) {
            // Generated on a developer's machine, never committed.
            let generated = path.starts_with("web/node_modules")
                || path.starts_with("web/tests/screenshots")
                || path.starts_with("neo4j-launcher/target");
            if !generated && !root.join(&path).exists() {
                missing.push(format!("{}: `{path}`", file.display()));
            }
        }
        let folder = file.parent().unwrap();
        for target in link_targets(&text) {
            if !folder.join(&target).exists() {
                missing.push(format!("{}: ({target})", file.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "paths that do not exist:\n{}",
        missing.join("\n")
    );
}

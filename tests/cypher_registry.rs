//! Every `.cypher` file in the repository is registered in `guanxi::cypher`, so none is
//! silently ignored.

use std::collections::BTreeSet;

#[test]
fn every_cypher_file_is_registered() {
    let root = env!("CARGO_MANIFEST_DIR");
    let on_disk: BTreeSet<String> = glob::glob(&format!("{root}/cypher/**/*.cypher"))
        .unwrap()
        .map(|p| {
            p.unwrap()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .trim_start_matches('/')
                .to_string()
        })
        .collect();
    let registered: BTreeSet<String> = guanxi::cypher::all_files()
        .iter()
        .map(|f| f.path.to_string())
        .collect();
    let unregistered: Vec<_> = on_disk.difference(&registered).collect();
    let missing: Vec<_> = registered.difference(&on_disk).collect();
    assert!(
        unregistered.is_empty(),
        "not registered in src/cypher.rs: {unregistered:?}"
    );
    assert!(
        missing.is_empty(),
        "registered but not on disk: {missing:?}"
    );
    assert!(!on_disk.is_empty());
}

#[test]
fn every_loader_mapping_is_registered_and_valid() {
    let root = env!("CARGO_MANIFEST_DIR");
    let on_disk: BTreeSet<String> = glob::glob(&format!("{root}/loaders/*.toml"))
        .unwrap()
        .map(|p| {
            format!(
                "loaders/{}",
                p.unwrap().file_name().unwrap().to_string_lossy()
            )
        })
        .collect();
    let registered: BTreeSet<String> = guanxi::load::mapping::MAPPING_FILES
        .iter()
        .map(|(path, _)| path.to_string())
        .collect();
    assert_eq!(on_disk, registered);
    let tables = guanxi::load::mapping::table_mappings().expect("valid mappings");
    assert_eq!(tables.len(), 10);
}

//! The report files of a load (`<report dir>/<run>/rejects.csv` and `warnings.csv`): one
//! line per finding with file, line, column and reason, for the person who fixes the data.

use std::path::{Path, PathBuf};

use super::error::LoadError;
use super::summary::Finding;

/// Writes `findings` to `<dir>/<run>/<name>` and returns its path; nothing (and `None`) when
/// there are none.
pub(crate) fn write_report(
    dir: &Path,
    run: &str,
    name: &str,
    findings: &[Finding],
) -> Result<Option<PathBuf>, LoadError> {
    if findings.is_empty() {
        return Ok(None);
    }
    let folder = dir.join(run);
    std::fs::create_dir_all(&folder).map_err(|source| LoadError::Io {
        path: folder.clone(),
        source,
    })?;
    let path = folder.join(name);
    let to_err = |source| LoadError::Report {
        path: path.clone(),
        source,
    };
    let mut writer = csv::Writer::from_path(&path).map_err(to_err)?;
    for finding in findings {
        writer.serialize(finding).map_err(to_err)?;
    }
    writer.flush().map_err(|e| to_err(e.into()))?;
    Ok(Some(path))
}

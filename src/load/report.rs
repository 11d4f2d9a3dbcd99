//! The report files of a load (`<report dir>/<run>/rejects.csv` and `warnings.csv`): one
//! line per finding with file, line, column and reason, for the person who fixes the data.
//! They quote rows of personal data, so they are readable by their owner only (0600 on
//! unix), and their text cells are neutralised against spreadsheet formulas
//! ([`crate::csv_out`]).

use std::path::{Path, PathBuf};

use super::error::LoadError;
use super::summary::Finding;
use crate::csv_out::neutralise;

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
    let io_err = |source| LoadError::Io {
        path: path.clone(),
        source,
    };
    let file = owner_only_file(&path).map_err(io_err)?;
    let mut writer = csv::Writer::from_writer(file);
    writer
        .write_record(["file", "line", "column", "column_number", "reason", "row"])
        .map_err(to_err)?;
    for finding in findings {
        let (line, column_number) = (finding.line.to_string(), finding.column_number.to_string());
        writer
            .write_record([
                neutralise(&finding.file).as_ref(),
                &line,
                neutralise(&finding.column).as_ref(),
                &column_number,
                neutralise(&finding.reason).as_ref(),
                neutralise(&finding.row).as_ref(),
            ])
            .map_err(to_err)?;
    }
    writer.flush().map_err(|e| to_err(e.into()))?;
    Ok(Some(path))
}

/// Creates (or truncates) `path` readable and writable by its owner only; a file left by an
/// earlier run gets the same rights.
fn owner_only_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_owner_only_and_formula_free() {
        let dir = std::env::temp_dir().join(format!("guanxi-report-{}", std::process::id()));
        let finding = Finding {
            file: "people.csv".into(),
            line: 7,
            column: "name".into(),
            column_number: 2,
            reason: "-not a name".into(),
            row: "=HYPERLINK(\"http://x\"),-12.5".into(),
        };
        let path = write_report(&dir, "run-1", "rejects.csv", &[finding])
            .unwrap()
            .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "file,line,column,column_number,reason,row\n\
             people.csv,7,name,2,'-not a name,\"'=HYPERLINK(\"\"http://x\"\"),-12.5\"\n"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

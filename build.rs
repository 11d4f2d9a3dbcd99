//! Build script: makes the analyst's web page part of the binary.
//!
//! 1. The page's two third-party libraries (cytoscape.js, Apache ECharts) come from npm with
//!    `web/package-lock.json`. When `web/node_modules` lacks them (or is older than the
//!    lockfile), this script runs `npm ci --ignore-scripts --no-audit --no-fund` in `web/`.
//!    Without npm, or when npm fails, the build stops with the one command to run by hand,
//!    unless the files are already there (then it only warns that they may be stale).
//! 2. It writes `$OUT_DIR/web_files.rs`: the page (`web/index.html`, `web/assets/**`) and the
//!    two library files as `include_bytes!`, with an ETag each, for `src/web.rs` to serve.
//!
//! The running service never installs anything: everything it serves is in the binary.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::time::SystemTime;

/// The library files served under `/vendor/`, as (URL name, path inside `node_modules`).
const VENDOR_FILES: [(&str, &str); 2] = [
    ("cytoscape.min.js", "cytoscape/dist/cytoscape.min.js"),
    ("echarts.min.js", "echarts/dist/echarts.min.js"),
];

/// Left in `web/node_modules` by this script; see `mark`.
const MARKER: &str = ".guanxi-build";

/// The one command that installs the libraries by hand, from the crate root.
const MANUAL_INSTALL: &str = "cd web && npm ci";

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let web = root.join("web");
    let modules = web.join("node_modules");

    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=web/package.json");
    println!("cargo:rerun-if-changed=web/package-lock.json");
    println!("cargo:rerun-if-changed=web/index.html");
    println!("cargo:rerun-if-changed=web/assets");
    // Deleting node_modules, or reinstalling it by hand (npm deletes the whole folder first),
    // removes this marker and so runs this script again. (A change in the embedded files'
    // contents alone is seen by rustc, which tracks what `include_bytes!` reads.)
    println!("cargo:rerun-if-changed=web/node_modules/{MARKER}");

    match installed(&web) {
        Installed::Fresh => {}
        Installed::Missing(why) => {
            if let Err(error) = npm_ci(&web) {
                fail(&format!("{why}, and {error}"));
            }
            if let Installed::Missing(why) = installed(&web) {
                fail(&format!("`npm ci` in web/ finished, but {why}"));
            }
        }
        Installed::Stale(why) => {
            if let Err(error) = npm_ci(&web) {
                match installed(&web) {
                    // npm failed before touching them (offline, say): build with what is there.
                    Installed::Fresh | Installed::Stale(_) => println!(
                        "cargo:warning=web/node_modules may be out of date ({why}) and {error}; \
                         embedding the files already there. To refresh them: {MANUAL_INSTALL}"
                    ),
                    Installed::Missing(why) => fail(&format!("{why}, and {error}")),
                }
            } else if let Installed::Missing(why) = installed(&web) {
                fail(&format!("`npm ci` in web/ finished, but {why}"));
            }
        }
    }

    mark(&modules);

    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("web_files.rs");
    let code = generated_code(&web, &modules);
    // Rewritten only when it changed, so that a rerun alone does not rebuild the crate.
    if fs::read_to_string(&out).ok().as_deref() != Some(code.as_str()) {
        fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
    }
}

/// Writes the marker file watched with `rerun-if-changed`, dated long ago: cargo reruns the
/// script when a watched file is newer than the script's last start, and a marker written
/// during that run would be, so each install would cost a second rebuild.
fn mark(modules: &Path) {
    let path = modules.join(MARKER);
    let written = fs::write(
        &path,
        "Written by guanxi's build.rs: when this file goes, cargo embeds the libraries again.\n",
    )
    .and_then(|()| fs::File::options().write(true).open(&path))
    .and_then(|file| file.set_modified(SystemTime::UNIX_EPOCH));
    if let Err(error) = written {
        panic!("cannot write {}: {error}", path.display());
    }
}

enum Installed {
    /// Every library file is there, installed from the current lockfile.
    Fresh,
    /// The files are there, but the lockfile or package.json changed since npm installed them.
    Stale(String),
    /// Some library file is missing, or npm never finished (no `node_modules/.package-lock.json`).
    Missing(String),
}

/// Whether `web/node_modules` holds the library files, as npm leaves them after `npm ci`.
fn installed(web: &Path) -> Installed {
    let modules = web.join("node_modules");
    for (_, file) in VENDOR_FILES {
        if !modules.join(file).is_file() {
            return Installed::Missing(format!("web/node_modules/{file} is missing"));
        }
    }
    // npm writes this file last; it is missing when an install was interrupted.
    let Some(installed_at) = modified(&modules.join(".package-lock.json")) else {
        return Installed::Missing(
            "web/node_modules/.package-lock.json is missing (an unfinished npm install)".into(),
        );
    };
    for manifest in ["package-lock.json", "package.json"] {
        if modified(&web.join(manifest)).is_some_and(|changed| changed > installed_at) {
            return Installed::Stale(format!("web/{manifest} changed after the last npm install"));
        }
    }
    Installed::Fresh
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// `npm ci` in `web/`: exactly the lockfile's versions, no install scripts. Its output goes to
/// this script's stderr (shown by cargo on failure or with `-vv`), never to stdout, which cargo
/// reads for instructions.
fn npm_ci(web: &Path) -> Result<(), String> {
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    eprintln!(
        "running `npm ci --ignore-scripts --no-audit --no-fund` in {}",
        web.display()
    );
    let output = Command::new(npm)
        .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
        .current_dir(web)
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                "npm was not found on PATH".to_string()
            } else {
                format!("npm could not be started ({e})")
            }
        })?;
    eprint!("{}", String::from_utf8_lossy(&output.stdout));
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`npm ci` in web/ failed ({}):\n{}",
            describe(output.status),
            tail(&String::from_utf8_lossy(&output.stderr), 15)
        ))
    }
}

fn describe(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("exit code {code}"),
        None => status.to_string(),
    }
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Stops the build with what went wrong and the one command that fixes it.
fn fail(what: &str) -> ! {
    eprintln!(
        "\n\
         error: guanxi embeds its web page's JavaScript libraries (cytoscape.js and ECharts,\n\
         from web/package-lock.json), but they are not installed: {what}.\n\
         \n\
         Install them once (needs Node.js and npm, e.g. `apt-get install -y nodejs npm`), then build again:\n\
         \n\
         \x20   {MANUAL_INSTALL}\n\
         \n\
         On a machine without npm, copying a web/node_modules installed from the same lockfile\n\
         elsewhere works too.\n"
    );
    std::process::exit(1);
}

/// The Rust source of `$OUT_DIR/web_files.rs`: `PAGE` (URL path → file of `web/`) and
/// `VENDOR` (URL name under `/vendor/` → file of `web/node_modules`).
fn generated_code(web: &Path, modules: &Path) -> String {
    let mut page = vec![("/".to_string(), web.join("index.html"))];
    let mut assets = Vec::new();
    list_files(&web.join("assets"), &mut assets);
    assets.sort();
    for file in assets {
        let relative = file.strip_prefix(web).expect("under web/");
        let url = relative
            .components()
            .map(|c| {
                c.as_os_str()
                    .to_str()
                    .expect("UTF-8 file names in web/assets")
            })
            .collect::<Vec<_>>()
            .join("/");
        page.push((format!("/{url}"), file));
    }
    let vendor: Vec<(String, PathBuf)> = VENDOR_FILES
        .iter()
        .map(|(name, file)| (format!("/vendor/{name}"), modules.join(file)))
        .collect();

    let mut code = String::from("// Generated by build.rs: the web page's files, embedded.\n\n");
    for (name, files) in [("PAGE", &page), ("VENDOR", &vendor)] {
        writeln!(code, "pub static {name}: &[EmbeddedFile] = &[").unwrap();
        for (url, path) in files {
            let bytes =
                fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let path = path.to_str().expect("a UTF-8 path to the crate");
            writeln!(
                code,
                "    EmbeddedFile {{ url: {url:?}, etag: \"\\\"{:016x}-{:x}\\\"\", bytes: include_bytes!({path:?}) }},",
                fnv1a(&bytes),
                bytes.len()
            )
            .unwrap();
        }
        code.push_str("];\n\n");
    }
    code
}

/// Every file under `dir`, skipping hidden ones (editor and OS leftovers).
fn list_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        if path.is_dir() {
            list_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// FNV-1a, 64 bits: enough to tell two versions of a file apart for an ETag.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

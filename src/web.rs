//! The analyst's web page, served by `guanxi serve` at `/`: plain HTML, CSS and ES modules
//! from `web/` (no bundler), and the two third-party libraries (cytoscape.js for graphs,
//! Apache ECharts for the portraits' radar charts) straight from `web/node_modules`, which
//! npm installs from `web/package-lock.json`.
//!
//! Set-up stays within the README's two commands: the first request for the page runs
//! [`ensure_assets`] (`npm ci` in `web/` when `web/node_modules` is missing or incomplete).
//! If npm is missing or fails, the error is logged, the page still loads and says the charts
//! are unavailable, and the API under `/api` is not affected.

use std::path::{Path, PathBuf};
use std::process::Command;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, get_service};
use axum::Router;
use tokio::sync::Mutex;
use tower_http::services::ServeDir;

/// The library files served under `/vendor/`, as (URL name, path inside `node_modules`).
pub const VENDOR_FILES: [(&str, &str); 2] = [
    ("cytoscape.min.js", "cytoscape/dist/cytoscape.min.js"),
    ("echarts.min.js", "echarts/dist/echarts.min.js"),
];

/// The folder holding `index.html`, `assets/` and `package.json`: `$GUANXI_WEB_DIR` if set,
/// else `web/` of the source tree the binary was built from, else `./web`.
pub fn web_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("GUANXI_WEB_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("web");
    if built.is_dir() {
        return built;
    }
    PathBuf::from("web")
}

/// Whether npm has finished installing the libraries in `dir/node_modules` (a run that was
/// interrupted leaves no `.package-lock.json` or misses a file, and is redone).
pub fn assets_present(dir: &Path) -> bool {
    let modules = dir.join("node_modules");
    modules.join(".package-lock.json").is_file()
        && VENDOR_FILES
            .iter()
            .all(|(_, file)| modules.join(file).is_file())
}

/// Installs the page's libraries when they are missing: `npm ci` in `dir` (or
/// `npm install` when there is no lockfile). Blocking; returns what went wrong in words.
pub fn ensure_assets(dir: &Path) -> Result<(), String> {
    if assets_present(dir) {
        return Ok(());
    }
    if !dir.join("package.json").is_file() {
        return Err(format!(
            "{} has no package.json: cannot install the web page's libraries",
            dir.display()
        ));
    }
    let subcommand = if dir.join("package-lock.json").is_file() {
        "ci"
    } else {
        "install"
    };
    eprintln!(
        "guanxi: installing the web page's libraries (npm {subcommand} in {})",
        dir.display()
    );
    let output = Command::new("npm")
        .arg(subcommand)
        .args(["--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                "npm was not found on PATH: install Node.js and npm (Debian: apt-get install -y nodejs npm) so that the web page can load cytoscape and echarts; the API works without them".to_string()
            } else {
                format!("could not run npm: {e}")
            }
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(15).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "npm {subcommand} in {} failed ({}):\n{}",
            dir.display(),
            output.status,
            tail.join("\n")
        ));
    }
    if !assets_present(dir) {
        return Err(format!(
            "npm {subcommand} in {} finished but the library files are still missing",
            dir.display()
        ));
    }
    Ok(())
}

/// Runs [`ensure_assets`] off the async threads, one at a time; once it succeeded it is not
/// run again in this process. A failure is logged and tried again on a later request (after
/// npm has been installed, say).
async fn ensure_once(dir: PathBuf) -> Result<(), String> {
    static DONE: Mutex<bool> = Mutex::const_new(false);
    let mut done = DONE.lock().await;
    if *done {
        return Ok(());
    }
    let result = tokio::task::spawn_blocking(move || ensure_assets(&dir))
        .await
        .unwrap_or_else(|e| Err(format!("installing the web assets panicked: {e}")));
    match &result {
        Ok(()) => *done = true,
        Err(error) => tracing::error!("the web page's libraries are unavailable: {error}"),
    }
    result
}

/// The page's routes: `/` (the page), `/assets/...` (its own files), `/vendor/...` (the
/// libraries). Public: the page holds no data; every call it makes goes to `/api` with the
/// token the user signs in with.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    let dir = web_dir();
    let index = dir.join("index.html");
    let mut router = Router::new()
        .route(
            "/",
            get(move || {
                let index = index.clone();
                async move { page(index).await }
            }),
        )
        .nest_service("/assets", get_service(ServeDir::new(dir.join("assets"))));
    for (name, file) in VENDOR_FILES {
        let path = dir.join("node_modules").join(file);
        let dir = dir.clone();
        router = router.route(
            &format!("/vendor/{name}"),
            get(move || {
                let path = path.clone();
                let dir = dir.clone();
                async move { vendor(dir, path).await }
            }),
        );
    }
    router
}

/// One library file, once npm has installed it.
async fn vendor(dir: PathBuf, path: PathBuf) -> Response {
    if let Err(error) = ensure_once(dir).await {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            error,
        )
            .into_response();
    }
    match tokio::fs::read(&path).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("{} cannot be read: {error}", path.display()),
        )
            .into_response(),
    }
}

/// The page itself; starts the library install in the background on the first visit so the
/// libraries are ready by the time the page asks for them.
async fn page(index: PathBuf) -> Response {
    if let Some(dir) = index.parent() {
        let dir = dir.to_path_buf();
        tokio::spawn(ensure_once(dir));
    }
    match tokio::fs::read(&index).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => (
            StatusCode::NOT_FOUND,
            format!("the web page is missing ({}: {error})", index.display()),
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_without_package_json_is_refused_in_words() {
        let dir = std::env::temp_dir().join(format!("guanxi-web-empty-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let error = ensure_assets(&dir).unwrap_err();
        assert!(error.contains("package.json"), "{error}");
        assert!(!assets_present(&dir));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

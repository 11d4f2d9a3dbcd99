//! The analyst's web page, served by `guanxi serve` at `/`: plain HTML, CSS and ES modules
//! from `web/` (no bundler), and the two third-party libraries (cytoscape.js for graphs,
//! Apache ECharts for the portraits' radar charts) under `/vendor/`.
//!
//! Everything is embedded in the binary at build time: `build.rs` installs the libraries with
//! `npm ci` from `web/package-lock.json` when `web/node_modules` lacks them, and lists the
//! page's files for `include_bytes!`. The running service never spawns a process and needs no
//! file outside the binary.
//!
//! For work on the page, `GUANXI_WEB_DIR=web guanxi serve` serves `index.html` and `assets/`
//! from that folder instead, read at each request (the libraries from its `node_modules` when
//! there, else the embedded ones).

use std::path::{Path, PathBuf};

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, get_service};
use axum::Router;
use tower_http::services::ServeDir;

/// One file of the page, embedded by `build.rs`.
#[derive(Debug)]
pub struct EmbeddedFile {
    /// Where it is served: `/`, `/assets/app.js`, `/vendor/echarts.min.js`.
    pub url: &'static str,
    /// A quoted strong ETag (content hash and length).
    pub etag: &'static str,
    pub bytes: &'static [u8],
}

mod embedded {
    use super::EmbeddedFile;
    include!(concat!(env!("OUT_DIR"), "/web_files.rs"));
}

/// `PAGE`: the page, `/` (index.html) and `/assets/...`; `VENDOR`: the libraries, under
/// `/vendor/`.
pub use embedded::{PAGE, VENDOR};

/// The library files served under `/vendor/`, as (URL name, path inside `node_modules`); the
/// same list as `build.rs`'s, used by the `GUANXI_WEB_DIR` override.
pub const VENDOR_FILES: [(&str, &str); 2] = [
    ("cytoscape.min.js", "cytoscape/dist/cytoscape.min.js"),
    ("echarts.min.js", "echarts/dist/echarts.min.js"),
];

/// The embedded file served at `url`, if any.
pub fn embedded_file(url: &str) -> Option<&'static EmbeddedFile> {
    PAGE.iter().chain(VENDOR).find(|file| file.url == url)
}

/// The `Content-Type` of a file, from its name's extension (`/`, the page, is HTML).
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.is_empty() {
        return "text/html; charset=utf-8";
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// How long a browser may keep a file without asking again: the libraries change only with
/// the lockfile, the page's own files with every build, so those are revalidated (ETag).
fn cache_control(url: &str) -> &'static str {
    if url.starts_with("/vendor/") {
        "public, max-age=3600"
    } else {
        "no-cache"
    }
}

/// The folder named by `GUANXI_WEB_DIR`, when set: the development override.
pub fn override_dir() -> Option<PathBuf> {
    std::env::var_os("GUANXI_WEB_DIR")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
}

/// The page's routes: `/` (the page), `/assets/...` (its own files), `/vendor/...` (the
/// libraries). Public: the page holds no data; every call it makes goes to `/api` with the
/// token the user signs in with.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    match override_dir() {
        None => embedded_routes(),
        Some(dir) => {
            tracing::info!(
                "serving the web page from {} (GUANXI_WEB_DIR) instead of the embedded copy",
                dir.display()
            );
            disk_routes(&dir)
        }
    }
}

/// Every embedded file at its URL.
fn embedded_routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    PAGE.iter()
        .chain(VENDOR)
        .fold(Router::new(), |router, file| {
            router.route(
                file.url,
                get(move |headers: HeaderMap| async move { serve_embedded(file, &headers) }),
            )
        })
}

/// One embedded file, or `304 Not Modified` when the browser holds the same version.
fn serve_embedded(file: &'static EmbeddedFile, request: &HeaderMap) -> Response {
    let etag = HeaderValue::from_static(file.etag);
    let cache = HeaderValue::from_static(cache_control(file.url));
    let unchanged = request
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .map(|tag| tag.trim().trim_start_matches("W/"))
                .any(|tag| tag == file.etag || tag == "*")
        });
    if unchanged {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag), (header::CACHE_CONTROL, cache)],
        )
            .into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(file.url)),
            ),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache),
        ],
        file.bytes,
    )
        .into_response()
}

/// The development override: the page from `dir`, read at each request.
fn disk_routes<S: Clone + Send + Sync + 'static>(dir: &Path) -> Router<S> {
    let index = dir.join("index.html");
    let mut router = Router::new()
        .route(
            "/",
            get(move || {
                let index = index.clone();
                async move { serve_disk(&index, "/").await }
            }),
        )
        .nest_service("/assets", get_service(ServeDir::new(dir.join("assets"))));
    for (name, file) in VENDOR_FILES {
        let path = dir.join("node_modules").join(file);
        let url = format!("/vendor/{name}");
        let fallback = embedded_file(&url);
        router = router.route(
            &url,
            get(move |headers: HeaderMap| {
                let path = path.clone();
                async move {
                    match fallback {
                        Some(file) if !path.is_file() => serve_embedded(file, &headers),
                        _ => serve_disk(&path, name).await,
                    }
                }
            }),
        );
    }
    router
}

/// A file of the override folder, typed by the name it is served under.
async fn serve_disk(path: &Path, url: &str) -> Response {
    match tokio::fs::read(path).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, content_type(url)),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => (
            StatusCode::NOT_FOUND,
            format!("{} cannot be read: {error}", path.display()),
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Serves `router` on a free local port; returns its base URL.
    async fn spawn(router: Router) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        base
    }

    async fn get(base: &str, url: &str, if_none_match: Option<&str>) -> reqwest::Response {
        let mut request = reqwest::Client::new().get(format!("{base}{url}"));
        if let Some(tag) = if_none_match {
            request = request.header(header::IF_NONE_MATCH, tag);
        }
        request.send().await.unwrap()
    }

    async fn body(response: reqwest::Response) -> Vec<u8> {
        response.bytes().await.unwrap().to_vec()
    }

    #[test]
    fn the_page_and_both_libraries_are_embedded() {
        let index = embedded_file("/").expect("index.html");
        assert!(std::str::from_utf8(index.bytes)
            .unwrap()
            .contains("/assets/app.js"));
        for asset in ["app.js", "api.js", "graph.js", "i18n.js", "style.css"] {
            let file = embedded_file(&format!("/assets/{asset}")).expect(asset);
            let on_disk = std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("web/assets")
                    .join(asset),
            )
            .unwrap();
            assert_eq!(file.bytes, on_disk.as_slice(), "{asset}");
        }
        assert_eq!(VENDOR.len(), VENDOR_FILES.len());
        for (name, _) in VENDOR_FILES {
            let file = embedded_file(&format!("/vendor/{name}")).expect(name);
            assert!(file.bytes.len() > 100_000, "{name} looks truncated");
        }
        let cytoscape = embedded_file("/vendor/cytoscape.min.js").unwrap();
        assert!(String::from_utf8_lossy(cytoscape.bytes).contains("cytoscape"));
        let echarts = embedded_file("/vendor/echarts.min.js").unwrap();
        assert!(String::from_utf8_lossy(echarts.bytes).contains("echarts"));
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("/"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("/assets/app.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("/assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("/vendor/echarts.min.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("/assets/logo.SVG"), "image/svg+xml");
        assert_eq!(content_type("/assets/x.bin"), "application/octet-stream");
        assert_eq!(
            content_type("/assets/v1.2/LICENSE"),
            "application/octet-stream"
        );
    }

    #[tokio::test]
    async fn embedded_files_are_served_with_their_type_and_revalidated_by_etag() {
        let base = spawn(embedded_routes()).await;
        for (url, kind, cache) in [
            ("/", "text/html; charset=utf-8", "no-cache"),
            (
                "/assets/app.js",
                "text/javascript; charset=utf-8",
                "no-cache",
            ),
            ("/assets/style.css", "text/css; charset=utf-8", "no-cache"),
            (
                "/vendor/cytoscape.min.js",
                "text/javascript; charset=utf-8",
                "public, max-age=3600",
            ),
            (
                "/vendor/echarts.min.js",
                "text/javascript; charset=utf-8",
                "public, max-age=3600",
            ),
        ] {
            let response = get(&base, url, None).await;
            assert_eq!(response.status(), StatusCode::OK, "{url}");
            assert_eq!(response.headers()[header::CONTENT_TYPE], kind, "{url}");
            assert_eq!(response.headers()[header::CACHE_CONTROL], cache, "{url}");
            let etag = response.headers()[header::ETAG]
                .to_str()
                .unwrap()
                .to_owned();
            assert_eq!(
                body(response).await,
                embedded_file(url).unwrap().bytes,
                "{url}"
            );

            let again = get(&base, url, Some(&etag)).await;
            assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{url}");
            assert!(body(again).await.is_empty());
            let other = get(&base, url, Some("\"0-0\"")).await;
            assert_eq!(other.status(), StatusCode::OK, "{url}");
        }
        let missing = get(&base, "/assets/nope.js", None).await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn the_override_serves_from_disk_and_falls_back_to_the_embedded_libraries() {
        let dir = std::env::temp_dir().join(format!("guanxi-web-override-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        std::fs::write(dir.join("index.html"), "<p>edited</p>").unwrap();
        std::fs::write(dir.join("assets/app.js"), "// edited").unwrap();
        let base = spawn(disk_routes(&dir)).await;

        let page = get(&base, "/", None).await;
        assert_eq!(
            page.headers()[header::CONTENT_TYPE],
            "text/html; charset=utf-8"
        );
        assert_eq!(body(page).await, b"<p>edited</p>");
        let script = get(&base, "/assets/app.js", None).await;
        assert_eq!(script.status(), StatusCode::OK);
        assert_eq!(body(script).await, b"// edited");
        // No node_modules in the folder: the embedded library.
        let library = get(&base, "/vendor/echarts.min.js", None).await;
        assert_eq!(library.status(), StatusCode::OK);
        assert_eq!(
            library.headers()[header::CONTENT_TYPE],
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            body(library).await,
            embedded_file("/vendor/echarts.min.js").unwrap().bytes
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

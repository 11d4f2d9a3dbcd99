//! Browser tests of the analyst's web page: the service over the examples (loaded and
//! scanned), then `node web/tests/ui.mjs` drives headless Debian Chromium through
//! playwright-core (sign in, inbox, an alert's evidence graph and triage, search → entity
//! page → expand, link finder, portraits, an entity's timeline with its date filter, the overview, the region picker, saved filters,
//! bulk triage, a viewer's masked identifiers, the tips inbox and a case from a tip through
//! its statuses to a disposition) and saves a screenshot per scenario to
//! `web/tests/screenshots/`. A second test runs
//! `web/tests/identity.mjs` (the identity review screen) over two possible identity links,
//! and a third `web/tests/watch.mjs` (watchlists: the badge, the page, the Watch button).
//!
//! Needs `/usr/bin/chromium` (Debian's `chromium` package; `.ci/run` installs it) and Node.js.
//! playwright-core comes from `web/package-lock.json` like the page's libraries: the build
//! script's `npm ci` in `web/` installs it (a dev dependency), and this test runs `npm ci`
//! itself when `web/node_modules` lacks it (installed with `--omit=dev`, say). The page served
//! is the copy embedded in the binary, as in production.

mod common;

use std::path::Path;
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_works_in_a_browser() {
    let web = browser_ready().await;

    let app = common::spawn_app().await;
    common::load_and_scan_examples(&app.db.graph).await;

    let page = app
        .client
        .get(format!("{}/", app.base))
        .send()
        .await
        .expect("GET /");
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("/assets/app.js"));

    let (output, stdout, stderr) = run_script(&app, &web.join("tests/ui.mjs")).await;
    assert!(
        output.status.success(),
        "the browser tests failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    assert!(
        stdout.contains("PAGE_LOAD_MS="),
        "no page load time measured"
    );
}

/// Checks Chromium and installs playwright-core when missing; returns the `web/` folder.
async fn browser_ready() -> std::path::PathBuf {
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: the web page's browser tests need Debian's Chromium. \
         Install it with `apt-get install -y chromium` (CI's .ci/run does)."
    );
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("web");
    if !web.join("node_modules/playwright-core").is_dir() {
        let dir = web.clone();
        tokio::task::spawn_blocking(move || npm_ci(&dir))
            .await
            .unwrap()
            .unwrap_or_else(|e| {
                panic!("the browser tests' npm packages could not be installed: {e}")
            });
    }
    assert!(
        web.join("node_modules/playwright-core").is_dir(),
        "web/node_modules/playwright-core is missing: run `npm ci` in web/"
    );
    web
}

/// Runs a browser script (`node SCRIPT`) against `app` as its investigator and viewer;
/// returns the output, and its stdout and stderr (printed, shown with --nocapture).
async fn run_script(
    app: &common::TestApp,
    script: &Path,
) -> (std::process::Output, String, String) {
    let script = script.to_path_buf();
    let base = app.base.clone();
    let investigator = app.investigator.clone();
    let viewer = app.viewer.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(script)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("GUANXI_URL", base)
            .env("GUANXI_TOKEN", investigator)
            .env("GUANXI_VIEWER_TOKEN", viewer)
            .env("CHROMIUM", CHROMIUM)
            .output()
    })
    .await
    .unwrap()
    .expect("node could not be started: the browser tests need Node.js on PATH");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    println!("{stdout}");
    if !stderr.trim().is_empty() {
        eprintln!("{stderr}");
    }
    (output, stdout, stderr)
}

/// The identity review screen (`web/tests/identity.mjs`) over two pending possible identity
/// links: same name and phone, one birth date unknown, no ID number.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_identity_review_screen_works_in_a_browser() {
    let web = browser_ready().await;
    let app = common::spawn_app().await;
    let dir = std::env::temp_dir().join(format!("guanxi-ui-identity-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("people.csv"),
        "id,name,gender,birth_date,id_number,phone,address\n\
         p-sun-yue,孙悦,F,1990-01-02,,13900000001,青溪县枫林镇东山村1组1号\n\
         p-sun-yue-reg,孙悦,F,,,13900000001,青溪县城关镇解放路1号\n\
         p-qian-ming,钱明,M,1975-06-07,,13900000002,青溪县枫林镇南溪村2组2号\n\
         p-qian-ming-reg,钱明,M,,,13900000002,青溪县城关镇人民路2号\n",
    )
    .unwrap();
    let options = guanxi::load::LoadOptions {
        report_dir: dir.join("reports"),
        ..guanxi::load::LoadOptions::new(&dir)
    };
    let summary = guanxi::load::load_dir(&app.db.graph, &options)
        .await
        .expect("load");
    assert_eq!(summary.identity.possible_links, 2);
    let (output, stdout, stderr) = run_script(&app, &web.join("tests/identity.mjs")).await;
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "the identity review browser test failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
}

/// Watchlists (`web/tests/watch.mjs`): the investigator watches 王建国 and a rescan opens
/// the alerts about him again, so the badge has news to count.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_watchlist_badge_and_page_work_in_a_browser() {
    let web = browser_ready().await;
    let app = common::spawn_app().await;
    common::load_and_scan_examples(&app.db.graph).await;
    let graph = &app.db.graph;
    let secretary = "p-wang-jianguo";
    guanxi::watch::add(
        graph,
        "test-investigator",
        guanxi::watch::WatchKind::Entity,
        secretary,
        None,
    )
    .await
    .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    graph
        .run(
            neo4rs::query("MATCH (a:Alert) WHERE $p IN a.subjects DETACH DELETE a")
                .param("p", secretary),
        )
        .await
        .unwrap();
    let options = guanxi::scan::ScanOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        ..Default::default()
    };
    guanxi::scan::run_scan_once(graph, &options).await.unwrap();
    let (output, stdout, stderr) = run_script(&app, &web.join("tests/watch.mjs")).await;
    assert!(
        output.status.success(),
        "the watchlist browser test failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
}

/// `npm ci` in `web/` (the lockfile's versions, no install scripts), for playwright-core.
fn npm_ci(web: &Path) -> Result<(), String> {
    let output = Command::new("npm")
        .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
        .current_dir(web)
        .output()
        .map_err(|e| format!("npm could not be started ({e}): run `cd web && npm ci`"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`npm ci` in web/ failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

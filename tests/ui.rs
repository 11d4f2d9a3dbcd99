//! Browser tests of the analyst's web page: the service over the examples (loaded and
//! scanned), then `node web/tests/ui.mjs` drives headless Chromium through
//! playwright-core (sign in, inbox, an alert's evidence graph and triage, search → entity
//! page → expand, link finder, portraits, an entity's timeline with its date filter, the overview, the region picker, saved filters,
//! bulk triage, a viewer's masked identifiers, the tips inbox and a case from a tip through
//! its statuses to a disposition) and saves a screenshot per scenario to
//! `web/tests/screenshots/`. A second test runs
//! `web/tests/identity.mjs` (the identity review screen) over two possible identity links,
//! a third `web/tests/watch.mjs` (watchlists: the badge, the page, the Watch button), and a
//! fourth `web/tests/smoke.mjs` (sign in, inbox, Chinese glyphs) with the npm Chromium forced.
//!
//! Needs Node.js and nothing else: `web/tests/harness.mjs` chooses the Chromium, the same
//! rule for every script (`GUANXI_CHROMIUM` if set, else `/usr/bin/chromium` if executable,
//! else the headless Chromium inside the npm package `@sparticuz/chromium`, unpacked once
//! under the temp dir) and prints which. `GUANXI_CHROMIUM_FORCE_NPM=1` skips
//! `/usr/bin/chromium`. playwright-core and @sparticuz/chromium come from
//! `web/package-lock.json` like the page's libraries: the build script's `npm ci` in `web/`
//! installs them (dev dependencies), and this test runs `npm ci` itself when `web/node_modules`
//! lacks them (installed with `--omit=dev`, say). Chinese text needs a CJK font
//! (Debian: `fonts-noto-cjk`). The page served is the copy embedded in the binary, as in
//! production.

mod common;

use std::path::Path;
use std::process::Command;

/// The npm packages the browser scripts import, under `web/node_modules`.
const NPM_PACKAGES: [&str; 2] = ["playwright-core", "@sparticuz/chromium"];

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

/// Installs the browser scripts' npm packages when missing; returns the `web/` folder.
async fn browser_ready() -> std::path::PathBuf {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("web");
    let missing = |web: &Path| {
        NPM_PACKAGES
            .iter()
            .any(|package| !web.join("node_modules").join(package).is_dir())
    };
    if missing(&web) {
        let dir = web.clone();
        tokio::task::spawn_blocking(move || npm_ci(&dir))
            .await
            .unwrap()
            .unwrap_or_else(|e| {
                panic!("the browser tests' npm packages could not be installed: {e}")
            });
    }
    assert!(
        !missing(&web),
        "web/node_modules lacks {NPM_PACKAGES:?}: run `npm ci` in web/"
    );
    web
}

/// Runs a browser script (`node SCRIPT`) against `app` as its investigator and viewer, with
/// the Chromium harness.mjs chooses; returns the output, and its stdout and stderr (printed,
/// shown with --nocapture).
async fn run_script(
    app: &common::TestApp,
    script: &Path,
) -> (std::process::Output, String, String) {
    run_node(app, script, false).await
}

/// [`run_script`], with `force_npm`: the npm Chromium whatever the machine has.
async fn run_node(
    app: &common::TestApp,
    script: &Path,
    force_npm: bool,
) -> (std::process::Output, String, String) {
    let script = script.to_path_buf();
    let base = app.base.clone();
    let investigator = app.investigator.clone();
    let viewer = app.viewer.clone();
    let output = tokio::task::spawn_blocking(move || {
        let mut node = Command::new("node");
        node.arg(script)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("GUANXI_URL", base)
            .env("GUANXI_TOKEN", investigator)
            .env("GUANXI_VIEWER_TOKEN", viewer);
        if force_npm {
            node.env("GUANXI_CHROMIUM_FORCE_NPM", "1")
                .env_remove("GUANXI_CHROMIUM");
        }
        node.output()
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

/// The npm Chromium (`web/tests/smoke.mjs` with `GUANXI_CHROMIUM_FORCE_NPM=1`): the fallback
/// of machines without Debian's Chromium signs in, shows the inbox and draws Chinese glyphs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_npm_chromium_fallback_works() {
    let web = browser_ready().await;
    let app = common::spawn_app().await;
    let (output, stdout, stderr) = run_node(&app, &web.join("tests/smoke.mjs"), true).await;
    assert!(
        output.status.success(),
        "the npm Chromium smoke test failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    assert!(
        stdout.contains("(npm @sparticuz/chromium)"),
        "not the npm Chromium:\n{stdout}"
    );
}

/// `npm ci` in `web/` (the lockfile's versions, no install scripts), for [`NPM_PACKAGES`].
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

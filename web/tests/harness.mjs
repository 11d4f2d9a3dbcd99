// What the browser tests (ui.mjs, identity.mjs, watch.mjs) share: the one rule that chooses
// their Chromium (launchChromium), and for the screen-by-screen tests the environment they
// read, a headless Chromium (playwright-core) in a throwaway profile, scenarios counted and
// reported, sign-in, and the exit with the page's own errors counted as a failure.

import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const WEB = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The Chromium the browser tests drive, as { path, source }: `GUANXI_CHROMIUM` when set, else
 * Debian's /usr/bin/chromium when executable (unless `GUANXI_CHROMIUM_FORCE_NPM=1`), else the
 * headless Chromium inside the npm package @sparticuz/chromium (a dev dependency pinned by
 * web/package-lock.json), so that a machine with Node.js alone can run the tests.
 */
export async function chooseChromium() {
  if (process.env.GUANXI_CHROMIUM) {
    return { path: process.env.GUANXI_CHROMIUM, source: 'GUANXI_CHROMIUM' };
  }
  if (process.env.GUANXI_CHROMIUM_FORCE_NPM !== '1' && executable(DEBIAN_CHROMIUM)) {
    return { path: DEBIAN_CHROMIUM, source: 'system' };
  }
  return { path: await npmChromium(), source: 'npm @sparticuz/chromium' };
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Unpacks the npm package's brotli-compressed Chromium once per version and user, under the
 * temp dir, and returns its path. The package unpacks into os.tmpdir() and trusts whatever
 * `chromium` file it finds there, so it unpacks into a private folder (TMPDIR pointed at it)
 * that is then renamed into place: tests started together never run a half-written binary.
 */
async function npmChromium() {
  const pkg = join(WEB, 'node_modules/@sparticuz/chromium');
  if (!existsSync(pkg)) {
    throw new Error(`no ${DEBIAN_CHROMIUM} and no ${pkg}: run \`npm ci\` in web/ (or set GUANXI_CHROMIUM)`);
  }
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
  const temp = tmpdir();
  const home = join(temp, `guanxi-chromium-${version}-${process.getuid?.() ?? 'user'}`);
  if (existsSync(join(home, 'chromium'))) return join(home, 'chromium');
  const staging = mkdtempSync(join(temp, 'guanxi-chromium-unpacking-'));
  const { default: sparticuz } = await import('@sparticuz/chromium');
  // Only the binary and its software GL are needed; the package's own fonts are left
  // unused, so that fontconfig finds the system's (CJK included).
  const tmpdirBefore = process.env.TMPDIR;
  process.env.TMPDIR = staging;
  try {
    await sparticuz.executablePath();
  } finally {
    if (tmpdirBefore === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdirBefore;
  }
  try {
    renameSync(staging, home);
  } catch (error) {
    // Another test unpacked the same version first: use that one.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(home, 'chromium'))) throw error;
  }
  return join(home, 'chromium');
}

/**
 * Launches the chosen Chromium headless with a persistent profile in `profile` (with
 * playwright-core's launchPersistentContext `options`), printing which one it is.
 */
export async function launchChromium(profile, options) {
  const { path, source } = await chooseChromium();
  console.log(`chromium: ${path} (${source})`);
  return chromium.launchPersistentContext(profile, {
    ...options,
    executablePath: path,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', ...(options.args || [])],
  });
}

/**
 * Starts a test named `name`: reads GUANXI_URL, GUANXI_TOKEN (investigator) and
 * GUANXI_VIEWER_TOKEN (viewer), launches Chromium and gives the helpers the test uses.
 */
export async function startBrowserTest(name) {
  const BASE = (process.env.GUANXI_URL || '').replace(/\/$/, '');
  const TOKEN = process.env.GUANXI_TOKEN || '';
  const VIEWER = process.env.GUANXI_VIEWER_TOKEN || '';
  if (!BASE || !TOKEN || !VIEWER) {
    console.error('set GUANXI_URL, GUANXI_TOKEN (investigator) and GUANXI_VIEWER_TOKEN (viewer)');
    process.exit(2);
  }
  const shots = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
  mkdirSync(shots, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), `guanxi-${name}-chromium-`));
  const context = await launchChromium(profile, { viewport: { width: 1300, height: 900 } });
  context.setDefaultTimeout(20000);

  let failed = 0;
  let passed = 0;
  const errors = [];
  const check = (condition, message) => {
    if (!condition) throw new Error(message);
  };
  const scenario = async (title, body) => {
    try {
      await body();
      passed += 1;
      console.log(`ok   ${title}`);
    } catch (error) {
      failed += 1;
      console.log(`FAIL ${title}: ${error.stack || error}`);
    }
  };
  /** A new page signed in with `token`, opened at `hash`. */
  const open = async (token, hash) => {
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${BASE}/${hash}`);
    await page.fill('#token', token);
    await page.click('#signin-form button[type=submit]');
    return page;
  };
  /** Closes the browser, reports and exits (non-zero when anything failed). */
  const finish = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    if (errors.length) {
      failed += 1;
      console.log(`FAIL the page reported errors:\n  ${errors.join('\n  ')}`);
    }
    console.log(`${name} ui: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  };
  return { BASE, TOKEN, VIEWER, shots, check, scenario, open, finish };
}

// What the screen-by-screen browser tests (identity.mjs, watch.mjs) share: the environment
// they read, a headless Debian Chromium (playwright-core) in a throwaway profile, scenarios
// counted and reported, sign-in, and the exit with the page's own errors counted as a failure.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

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
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1300, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
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

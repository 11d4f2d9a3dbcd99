// Browser tests of the analyst's page in headless Debian Chromium, driven by playwright-core.
//
//   GUANXI_URL=http://127.0.0.1:8080 GUANXI_TOKEN=<investigator> GUANXI_VIEWER_TOKEN=<viewer> \
//     node web/tests/ui.mjs
//
// Expects the examples loaded and scanned (tests/ui.rs does that, then runs this script).
// Each scenario saves a screenshot to web/tests/screenshots/. Exits non-zero if any fails.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BASE = (process.env.GUANXI_URL || '').replace(/\/$/, '');
const TOKEN = process.env.GUANXI_TOKEN || '';
const VIEWER = process.env.GUANXI_VIEWER_TOKEN || '';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
if (!BASE || !TOKEN || !VIEWER) {
  console.error('set GUANXI_URL, GUANXI_TOKEN (investigator) and GUANXI_VIEWER_TOKEN (viewer)');
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, 'screenshots');
mkdirSync(shots, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'guanxi-ui-chromium-'));

const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1400, height: 950 },
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
context.setDefaultTimeout(20000);

const results = [];
const pageErrors = [];

function watch(page, who) {
  page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(`${who} console: ${msg.text()}`);
  });
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function shot(page, name) {
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

async function scenario(name, body) {
  const started = Date.now();
  try {
    const detail = await body();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - started} ms)${detail ? ` — ${detail}` : ''}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${error.stack || error}`);
  }
}

async function signIn(page, token) {
  await page.goto(`${BASE}/#/alerts`);
  await page.fill('#token', token);
  await page.click('#signin-form button[type=submit]');
}

/** Clicks a node of the cytoscape graph drawn in `selector` (a real mouse click on the canvas). */
async function clickNode(page, selector, nodeId) {
  const pos = await page.evaluate(
    ([sel, id]) => {
      const container = document.querySelector(sel);
      const node = container.cy.getElementById(id);
      if (node.empty()) return null;
      container.cy.stop();
      const p = node.renderedPosition();
      const box = container.getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    },
    [selector, nodeId],
  );
  check(pos, `node ${nodeId} is not drawn in ${selector}`);
  await page.mouse.click(pos.x, pos.y);
}

const nodeCount = (page, selector) =>
  page.$eval(selector, (el) => Number(el.dataset.nodes || 0));

const page = context.pages()[0] || (await context.newPage());
watch(page, 'investigator');
let loadMs = null;
let reloadMs = null;

await scenario('sign in with a token and see the inbox', async () => {
  await page.goto(`${BASE}/`);
  await page.waitForSelector('#signin-form');
  check((await page.textContent('h1')).includes('登录'), 'the page is not in Chinese by default');
  await shot(page, '01-sign-in');
  const bad = await page.context().newPage();
  await bad.goto(`${BASE}/#/alerts`);
  await bad.fill('#token', 'gx_not-a-token');
  await bad.click('#signin-form button[type=submit]');
  await bad.waitForSelector('#signin-error:not([hidden])');
  await bad.close();
  await signIn(page, TOKEN);
  await page.waitForSelector('#alerts-table tbody tr');
  const rows = await page.$$eval('#alerts-table tbody tr', (r) => r.length);
  check(rows >= 5, `expected the examples' alerts, saw ${rows}`);
  await shot(page, '02-inbox');
  return `${rows} alerts listed`;
});

await scenario('page load: navigation to the inbox showing alerts', async () => {
  // Signed in (token in sessionStorage); a fresh navigation until alert rows are shown.
  // A full document load (not a hash change): leave the page first.
  await page.goto('about:blank');
  const started = Date.now();
  await page.goto(`${BASE}/#/alerts`, { waitUntil: 'commit' });
  await page.waitForSelector('#alerts-table tbody tr');
  loadMs = Date.now() - started;
  reloadMs = await page.evaluate(() => Math.round(performance.now()));
  check(await page.evaluate(() => performance.getEntriesByType('navigation')[0].type === 'navigate'), 'not a full load');
  return `${loadMs} ms wall clock, ${reloadMs} ms from navigation start (performance.now)`;
});

await scenario('filter, sort and open an alert: evidence graph, source records, triage', async () => {
  const listed = (part) =>
    page.waitForFunction((p) => {
      const out = document.getElementById('alerts-out');
      return location.hash.includes(p) && out && out.dataset.loaded === location.hash;
    }, part);
  await page.selectOption('#alert-filters select[name=pattern]', 'kin-supplier');
  await listed('pattern=kin-supplier');
  await page.selectOption('#alert-filters select[name=status]', 'new');
  await listed('status=new');
  await page.selectOption('#alert-filters select[name=sort]', 'last_seen');
  await listed('sort=last_seen');
  await page.waitForSelector('#alerts-table tbody tr');
  const patternsShown = await page.$$eval('#alerts-table tbody tr td:nth-child(2)', (c) => [...new Set(c.map((x) => x.textContent))]);
  check(patternsShown.length === 1, `filter by pattern shows ${patternsShown.join(', ')}`);
  await page.click('#alerts-table tbody tr:first-child td:nth-child(1)');
  await page.waitForSelector('#evidence-graph canvas');
  await page.waitForFunction(() => Number(document.getElementById('evidence-graph').dataset.nodes) >= 2);
  const nodes = await nodeCount(page, '#evidence-graph');
  const zh = await page.textContent('.summary[lang=zh]');
  const en = await page.textContent('.summary[lang=en]');
  check(zh.includes('外甥女') && en.length > 10, `summary zh/en: ${zh} / ${en}`);
  const records = await page.$$eval('#records tbody tr', (r) => r.map((x) => x.textContent));
  check(records.some((r) => r.includes('people.csv')) && records.some((r) => r.includes('company_roles.csv')),
    `source records lack files: ${records.slice(0, 3).join(' | ')}`);
  await page.waitForTimeout(300);
  await shot(page, '03-alert-evidence');
  await page.selectOption('#triage-form select[name=status]', 'in_review');
  await page.fill('#triage-form textarea[name=note]', '界面测试：核查中');
  await page.click('#triage-form button[type=submit]');
  await page.waitForSelector('#triage-out.ok');
  await page.waitForFunction(() => document.querySelector('#alert-view h1 .st-in_review'));
  await page.waitForSelector('.history li');
  await shot(page, '04-alert-triaged');
  return `${nodes} evidence nodes, ${records.length} source records`;
});

await scenario('search 王建国 → entity page → expand a node', async () => {
  await page.goto(`${BASE}/#/search`);
  await page.fill('#q', '王建国');
  await page.press('#q', 'Enter');
  await page.waitForSelector('#search-results tbody tr');
  await shot(page, '05-search');
  await page.click('#search-results a:has-text("王建国")');
  await page.waitForSelector('#entity-view[data-id="p-wang-jianguo"]');
  await page.waitForSelector('#explorer canvas');
  await page.waitForFunction(() => Number(document.getElementById('explorer').dataset.nodes) >= 2);
  const before = await nodeCount(page, '#explorer');
  await page.waitForTimeout(300);
  await shot(page, '06-entity');
  await clickNode(page, '#explorer', 'o-dongshan');
  await page.waitForFunction((n) => Number(document.getElementById('explorer').dataset.nodes) > n, before);
  const after = await nodeCount(page, '#explorer');
  await page.waitForTimeout(700);
  await shot(page, '07-entity-expanded');
  return `${before} → ${after} nodes after expanding 东山村`;
});

await scenario('link finder: p-wang-jianguo → c-hongtu', async () => {
  await page.goto(`${BASE}/#/paths`);
  await page.fill('#from', 'p-wang-jianguo');
  await page.fill('#to', 'c-hongtu');
  await page.click('#paths-form button[type=submit]');
  await page.waitForSelector('#paths-list .steps li');
  const steps = await page.$$eval('#paths-list .steps li', (l) => l.map((x) => x.textContent.trim()));
  check(steps.some((s) => s.includes('外甥女')), `no step says 外甥女: ${steps.join(' | ')}`);
  await page.waitForSelector('#paths-graph canvas');
  await page.waitForTimeout(300);
  await shot(page, '08-paths');
  return steps[0];
});

await scenario('portraits: radar chart of o-dongshan, region table, through to its alerts', async () => {
  await page.goto(`${BASE}/#/portrait/o-dongshan`);
  await page.waitForSelector('#radar canvas');
  const dims = await page.$eval('#radar', (el) => Number(el.dataset.dimensions));
  check(dims === 7, `radar has ${dims} dimensions`);
  await page.waitForTimeout(300);
  await shot(page, '09-portrait-radar');
  await page.goto(`${BASE}/#/portraits?region=${encodeURIComponent('青溪县')}`);
  await page.waitForSelector('#region-table tbody tr');
  const coloured = await page.$$eval('#region-table td.score', (c) => c.filter((x) => x.style.background).length);
  check(coloured > 0, 'region table is not coloured by risk');
  await shot(page, '10-region');
  await page.click('#region-table tr[data-org="o-dongshan"] a[href*="org=o-dongshan"]');
  await page.waitForFunction(() => location.hash.includes('org=o-dongshan')
    && document.getElementById('alerts-out')?.dataset.loaded === location.hash);
  await page.waitForSelector('#alerts-table tbody tr');
  const rows = await page.$$eval('#alerts-table tbody tr', (r) => r.length);
  await shot(page, '11-org-alerts');
  return `${rows} alerts of 东山村`;
});

await scenario('English switch', async () => {
  await page.goto(`${BASE}/#/portrait/o-dongshan`);
  await page.waitForSelector('#radar canvas');
  await page.click('#lang');
  await page.waitForFunction(() => document.querySelector('#nav a[data-nav=alerts]').textContent === 'Alerts');
  await page.waitForSelector('#radar canvas');
  await page.waitForTimeout(300);
  await shot(page, '12-english');
  await page.click('#lang');
  await page.waitForFunction(() => document.querySelector('#nav a[data-nav=alerts]').textContent === '预警');
});

// ---------------------------------------------------------------- timeline (issue 15)
await scenario('timeline: entity page → 时间线, chart and list, date filter', async () => {
  await page.goto(`${BASE}/#/entity/p-wang-jianguo`);
  await page.waitForSelector('#entity-view[data-id="p-wang-jianguo"]');
  await page.click('#entity-timeline');
  await page.waitForFunction(() => location.hash.startsWith('#/timeline/p-wang-jianguo')
    && document.getElementById('timeline-view')?.dataset.loaded === location.hash);
  await page.waitForSelector('#timeline-chart canvas');
  const all = await page.$$eval('#timeline-list tbody tr', (r) => r.map((x) => [x.dataset.kind, x.dataset.date]));
  const kinds = new Set(all.map(([k]) => k));
  for (const kind of ['post', 'kin', 'contract', 'alert']) check(kinds.has(kind), `no ${kind} event: ${[...kinds]}`);
  const dates = all.map(([, d]) => d);
  check(dates.join() === [...dates].sort().join(), 'events are not oldest first');
  const rows = await page.$eval('#timeline-chart', (el) => Number(el.dataset.rows));
  check(rows >= 4, `the chart has ${rows} rows`);
  await page.fill('#timeline-from', '2015-01-01');
  await page.fill('#timeline-to', '2015-12-31');
  await page.click('#timeline-apply');
  await page.waitForFunction(() => location.hash.includes('from=2015-01-01')
    && document.getElementById('timeline-view')?.dataset.loaded === location.hash);
  await page.waitForSelector('#timeline-chart canvas');
  const cut = await page.$$eval('#timeline-list tbody tr', (r) => r.map((x) => [x.dataset.kind, x.dataset.date]));
  check(cut.length < all.length, `the filter kept ${cut.length} of ${all.length}`);
  check(cut.every(([k, d]) => k === 'post' || (d >= '2015-01-01' && d <= '2015-12-31')), `outside 2015: ${cut.join(' | ')}`);
  await page.waitForTimeout(300);
  await shot(page, 'timeline');
  return `${all.length} events, ${cut.length} in 2015`;
});
// ---------------------------------------------------------------- end of timeline

const viewer = await context.newPage();
watch(viewer, 'viewer');
await scenario('viewer sees masked identifiers and cannot triage', async () => {
  await signIn(viewer, VIEWER);
  await viewer.waitForSelector('#alerts-table tbody tr');
  await viewer.goto(`${BASE}/#/entity/p-wang-jianguo`);
  await viewer.waitForSelector('#properties tr[data-key=phone] td');
  const phone = (await viewer.textContent('#properties tr[data-key=phone] td')).trim();
  check(/^\*{7}\d{4}$/.test(phone), `phone shown to a viewer: ${phone}`);
  const idNumber = (await viewer.textContent('#properties tr[data-key=id_number] td')).trim();
  check(/^\d{6}\*+[\dXx]{4}$/.test(idNumber), `ID number shown to a viewer: ${idNumber}`);
  await viewer.waitForSelector('#explorer canvas');
  await viewer.waitForTimeout(300);
  await shot(viewer, '13-viewer-masked');
  await viewer.goto(`${BASE}/#/alerts`);
  await viewer.click('#alerts-table tbody tr:first-child td:nth-child(1)');
  await viewer.waitForSelector('#triage-form');
  await viewer.click('#triage-form button[type=submit]');
  await viewer.waitForSelector('#triage-out.error');
  const why = await viewer.textContent('#triage-out');
  check(why.includes('无权限'), `viewer triage said: ${why}`);
  await shot(viewer, '14-viewer-triage-refused');
  return `phone ${phone}, ID ${idNumber}`;
});

await context.close();
rmSync(profile, { recursive: true, force: true });

// A refused triage is an expected 403 in the console; anything else is an error of the page.
const unexpected = pageErrors.filter((e) => !/status of (401|403)/.test(e));
if (unexpected.length) {
  console.log(`FAIL the page reported errors:\n  ${unexpected.join('\n  ')}`);
  results.push({ name: 'no page errors', ok: false });
}

if (loadMs !== null) {
  console.log(`PAGE_LOAD_MS=${loadMs} (navigation to the inbox showing alerts; ${reloadMs} ms by performance.now)`);
}
console.log(`screenshots in ${shots}`);
const failed = results.filter((r) => !r.ok).length;
console.log(`ui: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

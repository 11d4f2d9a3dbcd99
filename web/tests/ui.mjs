// Browser tests of the analyst's page in headless Chromium, driven by playwright-core (which
// Chromium: harness.mjs's chooseChromium).
//
//   GUANXI_URL=http://127.0.0.1:8080 GUANXI_TOKEN=<investigator> GUANXI_VIEWER_TOKEN=<viewer> \
//     node web/tests/ui.mjs
//
// Expects the examples loaded and scanned (tests/ui.rs does that, then runs this script).
// Each scenario saves a screenshot to web/tests/screenshots/. Exits non-zero if any fails.

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './harness.mjs';

const BASE = (process.env.GUANXI_URL || '').replace(/\/$/, '');
const TOKEN = process.env.GUANXI_TOKEN || '';
const VIEWER = process.env.GUANXI_VIEWER_TOKEN || '';
if (!BASE || !TOKEN || !VIEWER) {
  console.error('set GUANXI_URL, GUANXI_TOKEN (investigator) and GUANXI_VIEWER_TOKEN (viewer)');
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, 'screenshots');
mkdirSync(shots, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'guanxi-ui-chromium-'));

const context = await launchChromium(profile, {
  viewport: { width: 1400, height: 950 },
  args: ['--disable-quic', '--disable-component-update', '--disable-sync'],
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

// ------------------------------------------------------------------ issue 15 (i15-triage):
// the overview, the region picker, saved inbox filters and bulk triage. Kept together here;
// other scenarios go above or below this block.

await scenario('overview: the default page with charts, org treemap and riskiest orgs', async () => {
  await page.goto(`${BASE}/`);
  await page.waitForSelector('#overview-view #overview-top tbody tr');
  check(await page.$('#nav a[data-nav=overview].active'), 'the overview is not the default page');
  await page.waitForSelector('#overview-tree canvas');
  for (const kind of ['by_pattern', 'by_severity', 'by_status']) await page.waitForSelector(`#chart-${kind} canvas`);
  const orgs = await page.$eval('#overview-tree', (el) => Number(el.dataset.orgs));
  check(orgs === 8, `the treemap holds ${orgs} orgs`);
  const levels = await page.$$eval('#overview-top tbody tr td:nth-child(4)', (c) => c.map((x) => x.textContent.trim()));
  check(levels[0] === '高' && !levels.every((l) => l === '高'), `levels of the riskiest orgs: ${levels.join(' ')}`);
  await page.waitForTimeout(300);
  await shot(page, 'overview');
  await page.click('#overview-top tbody tr:first-child a[href^="#/portrait/"]');
  await page.waitForSelector('#radar canvas');
  return `${orgs} orgs, levels ${levels.join(' ')}`;
});

await scenario('portraits: a region picked from the regions present', async () => {
  await page.goto(`${BASE}/#/portraits`);
  await page.waitForSelector('#region option[value="青溪县/枫林镇"]', { state: 'attached' });
  await page.selectOption('#region', '青溪县/枫林镇');
  await page.waitForFunction(() => location.hash.includes('region=') && document.querySelector('#region-table tbody tr'));
  const orgs = await page.$$eval('#region-table tbody tr', (r) => r.map((x) => x.dataset.org));
  check(orgs.includes('o-dongshan') && !orgs.includes('o-beitang'), `orgs of 枫林镇: ${orgs.join(', ')}`);
  return orgs.join(', ');
});

await scenario('saved inbox filter: save, then open it from its chip', async () => {
  const loaded = () => page.waitForFunction(() => document.getElementById('alerts-out')?.dataset.loaded === location.hash);
  await page.goto(`${BASE}/#/alerts?pattern=kin-supplier`);
  await loaded();
  await page.fill('#filter-save input[name=name]', '亲属供应商');
  await page.click('#filter-save button[type=submit]');
  await page.waitForSelector('.saved-filter a:has-text("亲属供应商")');
  await page.goto(`${BASE}/#/alerts`);
  await loaded();
  await page.click('.saved-filter a:has-text("亲属供应商")');
  await page.waitForFunction(() => location.hash.includes('pattern=kin-supplier'));
  await loaded();
});

await scenario('bulk triage: select two alerts, dismiss them with one note', async () => {
  await page.goto(`${BASE}/#/alerts?status=new&sort=pattern`);
  await page.waitForFunction(() => document.getElementById('alerts-out')?.dataset.loaded === location.hash);
  await page.waitForSelector('#alerts-table tbody tr input.bulk-pick');
  const ids = await page.$$eval('#alerts-table tbody tr', (r) => r.slice(0, 2).map((x) => x.dataset.id));
  check(ids.length === 2, `only ${ids.length} new alerts`);
  for (const id of ids) await page.check(`#alerts-table tr[data-id="${id}"] input.bulk-pick`);
  check(page.url().includes('status=new') && !(await page.$('#alert-view')), 'a checkbox opened the alert');
  check((await page.textContent('#bulk-count')).includes('2'), 'the bar does not count two');
  await page.selectOption('#bulk-bar select[name=status]', 'dismissed');
  await page.fill('#bulk-bar input[name=note]', '界面测试：批量排除');
  await page.click('#bulk-bar button[type=submit]');
  await page.waitForSelector('#bulk-out.ok');
  const changed = await page.$eval('#bulk-out', (el) => el.dataset.changed);
  check(changed === '2', `changed: ${changed}`);
  await shot(page, 'bulk-triage');
  const statuses = await page.evaluate(async (list) => Promise.all(list.map(async (id) => {
    const r = await fetch(`/api/alerts/${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${sessionStorage.getItem('guanxi.token')}` } });
    return (await r.json()).status;
  })), ids);
  check(statuses.every((s) => s === 'dismissed'), `statuses after bulk triage: ${statuses.join(', ')}`);
  await page.goto(`${BASE}/#/alerts?status=dismissed`);
  await page.waitForFunction(() => document.getElementById('alerts-out')?.dataset.loaded === location.hash);
  for (const id of ids) await page.waitForSelector(`#alerts-table tr[data-id="${id}"] .st-dismissed`);
  return ids.join(', ');
});

// ------------------------------------------------------------------ end of issue 15 (i15-triage)
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

// ------------------------------------------------------------------ tips and cases (issue 15)
// The tips inbox and a case from creation to closing (tips.js, cases.js).

let caseId = null;
await scenario('tips inbox: search, open the advertising tip, the niece on the path', async () => {
  await page.goto(`${BASE}/#/tips`);
  await page.waitForSelector('#tips-table tbody tr');
  await page.fill('#tips-q', '红图广告');
  await page.click('#tips-form button[type=submit]');
  await page.waitForFunction(() => location.hash.includes('q=')
    && document.getElementById('tips-out')?.dataset.loaded === location.hash);
  const ids = await page.$$eval('#tips-table tbody tr', (r) => r.map((x) => x.dataset.id));
  check(ids.length === 1 && ids[0] === 't-2017-001', `search 红图广告 lists ${ids.join(', ')}`);
  await page.click('#tips-table a[href*="t-2017-001"]');
  await page.waitForSelector('#tip-view[data-id="t-2017-001"]');
  const named = await page.$$eval('#tip-entities li', (l) => l.map((x) => x.dataset.id));
  check(named.includes('c-hongtu') && named.includes('o-dongshan'), `entities named: ${named.join(', ')}`);
  const chains = await page.$$eval('#tip-paths .chain', (c) => c.map((x) => x.textContent.replace(/\s+/g, ' ').trim()));
  check(chains.some((c) => c.includes('外甥女')), `no path says 外甥女: ${chains.join(' | ')}`);
  const alerts = await page.$$eval('#tip-alerts li', (l) => l.length);
  check(alerts >= 1, 'no alerts concern the tip');
  await page.waitForSelector('#tip-graph canvas');
  await page.waitForTimeout(300);
  await shot(page, 'tips');
  return chains.find((c) => c.includes('外甥女'));
});

await scenario('a viewer sees no tips', async () => {
  await viewer.goto(`${BASE}/#/tips`);
  await viewer.waitForSelector('#tips-out .error, #app > .error');
  const why = await viewer.textContent('#tips-out');
  check(why.includes('无权限'), `a viewer's tips page said: ${why}`);
});

await scenario('case lifecycle: from the tip through every status to a disposition', async () => {
  await page.goto(`${BASE}/#/tips/t-2017-001`);
  await page.waitForSelector('#tip-case .new-case');
  await page.click('#tip-case .new-case');
  await page.fill('#tip-case input[name=assignee]', '界面测试');
  await page.fill('#tip-case input[name=deadline]', '2026-12-31');
  await page.click('#tip-case form button[type=submit]');
  await page.waitForSelector('#case-view[data-status="received"]');
  caseId = await page.$eval('#case-view', (el) => el.dataset.id);
  check(/^C-\d{4}-\d{4}$/.test(caseId), `case number ${caseId}`);
  const items = await page.$$eval('#case-items tbody tr', (r) => r.map((x) => `${x.dataset.kind}:${x.dataset.id}`));
  check(items.includes('tip:t-2017-001') && items.includes('entity:c-hongtu') && items.some((i) => i.startsWith('alert:')),
    `items: ${items.join(', ')}`);
  await page.fill('#note-form textarea[name=text]', '界面测试：调取红图广告工商登记');
  await page.click('#note-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#case-notes')?.textContent.includes('调取红图广告工商登记'));
  // From another alert's page: add it to this open case.
  const other = await page.evaluate(async ([token, inCase]) => {
    const r = await fetch('/api/alerts?per_page=50', { headers: { Authorization: `Bearer ${token}` } });
    return (await r.json()).alerts.map((a) => a.id).find((id) => !inCase.includes(`alert:${id}`));
  }, [TOKEN, items]);
  check(other, 'no alert outside the case');
  await page.goto(`${BASE}/#/alerts/${encodeURIComponent(other)}`);
  await page.click('#alert-cases .add-to-case');
  await page.waitForSelector(`#alert-cases select[name=case] option[value="${caseId}"]`, { state: 'attached' });
  await page.selectOption('#alert-cases select[name=case]', caseId);
  await page.click('#alert-cases .case-add button[type=submit]');
  await page.waitForFunction((id) => document.querySelector('#alert-case-numbers')?.textContent.includes(id), caseId);
  await page.goto(`${BASE}/#/cases/${encodeURIComponent(caseId)}`);
  await page.waitForSelector(`#case-items tr[data-id="${other}"]`);
  await page.click('#case-items tr[data-id="o-dongshan"] button.remove');
  await page.waitForFunction(() => document.querySelector('#case-items tbody')
    && !document.querySelector('#case-items tr[data-id="o-dongshan"]'));
  for (const status of ['preliminary_check', 'inquiry', 'filed']) {
    await page.click('#case-next');
    await page.waitForSelector(`#case-view[data-status="${status}"]`);
  }
  await page.selectOption('#case-close select[name=disposition]', '谈话提醒');
  check(await page.isChecked('#case-close input[name=close_alerts]'), 'closing its alerts is not the default');
  await page.click('#case-close button[type=submit]');
  await page.waitForSelector('#case-view[data-status="closed"]');
  check((await page.textContent('#case-disposition')).includes('谈话提醒'), 'no disposition shown');
  await page.waitForSelector('#case-graph canvas');
  await page.waitForFunction(() => Number(document.getElementById('case-graph').dataset.nodes) >= 3);
  const chains = await page.textContent('#case-paths');
  check(chains.includes('外甥女'), `the case's paths: ${chains}`);
  await page.waitForSelector('#case-records table tbody tr');
  const [report] = await Promise.all([page.waitForEvent('download'), page.click('#case-report')]);
  check(report.suggestedFilename() === `${caseId}.docx`, `report file ${report.suggestedFilename()}`);
  const docx = readFileSync(await report.path());
  check(docx.length > 10000 && docx.subarray(0, 2).toString() === 'PK', `the report is not a .docx (${docx.length} bytes)`);
  await page.waitForTimeout(300);
  await shot(page, 'case');
  const alert = items.find((i) => i.startsWith('alert:')).slice('alert:'.length);
  await page.goto(`${BASE}/#/alerts/${encodeURIComponent(alert)}`);
  await page.waitForSelector('#alert-view h1 .st-confirmed');
  const numbers = await page.textContent('#alert-case-numbers');
  check(numbers.includes(caseId), `the alert shows ${numbers}, not ${caseId}`);
  await page.goto(`${BASE}/#/cases?status=closed`);
  await page.waitForSelector(`#cases-table tr[data-id="${caseId}"]`);
  return `${caseId}: ${items.length} items, closed 谈话提醒`;
});

// ------------------------------------------------------------------ end of tips and cases

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

// Page load benchmark of the analyst's page in headless Chromium (playwright-core from
// web/node_modules; the browser chosen as the browser tests choose it, web/tests/harness.mjs). Signs in, then times full navigations (median of 5) until each page
// shows its content: the alerts inbox, an alert with its evidence graph, an entity page with
// its graph explorer, an org's radar chart.
//
//   GUANXI_URL=http://127.0.0.1:8099 GUANXI_TOKEN=<token> ALERT=<id> ENTITY=<id> ORG=<id> \
//     node bench/page_load.mjs
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../web/tests/harness.mjs';

const { GUANXI_URL: base, GUANXI_TOKEN: token, ALERT, ENTITY, ORG } = process.env;
const context = await launchChromium(mkdtempSync(join(tmpdir(), 'guanxi-bench-')), {
  viewport: { width: 1400, height: 950 },
  args: ['--disable-quic', '--disable-component-update', '--disable-sync'],
});
context.setDefaultTimeout(30000);
const page = context.pages()[0] || (await context.newPage());
await page.goto(`${base}/#/alerts`);
await page.fill('#token', token);
await page.click('#signin-form button[type=submit]');
await page.waitForSelector('#alerts-table tbody tr');

const pages = [
  ['inbox (#/alerts)', '#/alerts', '#alerts-table tbody tr'],
  ['alert with evidence graph', `#/alerts/${ALERT}`, '#evidence-graph canvas'],
  ['entity page with graph explorer', `#/entity/${ENTITY}`, '#explorer canvas'],
  ['org radar chart', `#/portrait/${ORG}`, '#radar canvas'],
];
console.log('| page | median ms (5 full loads) | max ms |\n| --- | ---: | ---: |');
for (const [name, hash, selector] of pages) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    await page.goto('about:blank');
    const started = Date.now();
    await page.goto(`${base}/${hash}`, { waitUntil: 'commit' });
    await page.waitForSelector(selector);
    times.push(Date.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`| ${name} | ${times[2]} | ${times[4]} |`);
}
await context.close();

// Browser test of watchlists in headless Chromium (playwright-core).
//
//   GUANXI_URL=http://127.0.0.1:8080 GUANXI_TOKEN=<investigator> GUANXI_VIEWER_TOKEN=<viewer> \
//     node web/tests/watch.mjs
//
// Expects the examples, scanned, with the investigator watching 王建国 (p-wang-jianguo) and
// news about him (tests/ui.rs sets this up). The investigator sees the badge's count, the
// news on #/watchlist, marks them seen, watches 红图广告 from its entity page and stops
// watching it; a viewer sees no badge, no button and a refusal. Screenshots go to
// web/tests/screenshots/watch-*.png. Exits non-zero on failure.

import { join } from 'node:path';
import { startBrowserTest } from './harness.mjs';

const { BASE, TOKEN, VIEWER, shots, check, scenario, open, finish } = await startBrowserTest('watch');

const page = await open(TOKEN, '#/watchlist');
await scenario('the badge counts the news, the page lists them, mark seen clears them', async () => {
  await page.waitForSelector('#watch-badge:not([hidden]) .count');
  const count = Number(await page.getAttribute('#watch-badge', 'data-count'));
  check(count > 0, `badge count ${count}`);
  await page.waitForSelector('#watch-view[data-items="1"]');
  const text = await page.textContent('#watch-view');
  for (const word of ['我的关注', '新动态', '王建国', '预警', '涉及']) {
    check(text.includes(word), `"${word}" missing from the page: ${text}`);
  }
  check((await page.$$('li.news-alert a[href*="p-wang-jianguo"]')).length === count, 'each news item links the watched person');
  check((await page.$$('li.news-alert')).length === count, 'one line per news item');
  await page.screenshot({ path: join(shots, 'watch-1-news.png'), fullPage: true });
  await page.click('#watch-seen');
  await page.waitForSelector('#watch-view[data-count="0"]');
  await page.waitForSelector('#watch-badge[data-count="0"]');
  check((await page.$$('#watch-badge .count')).length === 0, 'the badge still shows a count');
});

await scenario('watch a company from its entity page, then stop watching it', async () => {
  await page.goto(`${BASE}/#/entity/p-wang-jianguo`);
  await page.waitForSelector('#watch-button[disabled]');
  check((await page.textContent('#watch-button')).includes('已关注'), 'watched already');
  await page.goto(`${BASE}/#/entity/c-hongtu`);
  await page.waitForSelector('#watch-button:not([disabled])');
  check((await page.textContent('#watch-button')).includes('关注'), 'a Watch button');
  await page.click('#watch-button');
  await page.waitForSelector('#watch-button[disabled]');
  await page.screenshot({ path: join(shots, 'watch-2-entity.png'), fullPage: true });
  await page.goto(`${BASE}/#/watchlist`);
  await page.waitForSelector('#watch-view[data-items="2"]');
  check((await page.textContent('#watch-view')).includes('红图'), 'the company is listed');
  const id = await page.getAttribute('#watch-view tbody tr:last-child', 'data-id');
  await page.click(`button[data-remove="${id}"]`);
  await page.waitForSelector('#watch-view[data-items="1"]');
  await page.click('#lang');
  await page.waitForSelector('#watch-view');
  check((await page.textContent('h1')).includes('My watchlist'), 'no English title');
  await page.click('#lang');
});

const viewer = await open(VIEWER, '#/watchlist');
await scenario('a viewer gets no badge, no button and a refusal', async () => {
  await viewer.waitForSelector('#app p.error, #app .error');
  check((await viewer.textContent('#app')).includes('无权限'), 'no refusal shown');
  check(await viewer.isHidden('#watch-badge'), 'a badge shown to a viewer');
  await viewer.goto(`${BASE}/#/entity/p-wang-jianguo`);
  await viewer.waitForSelector('#entity-view');
  await viewer.waitForTimeout(500);
  check((await viewer.$$('#watch-button')).length === 0, 'a Watch button shown to a viewer');
  await viewer.screenshot({ path: join(shots, 'watch-3-viewer.png'), fullPage: true });
});

await finish();

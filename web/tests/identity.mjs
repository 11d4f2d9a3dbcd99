// Browser test of the identity review screen in headless Chromium (playwright-core).
//
//   GUANXI_URL=http://127.0.0.1:8080 GUANXI_TOKEN=<investigator> GUANXI_VIEWER_TOKEN=<viewer> \
//     node web/tests/identity.mjs
//
// Expects two pending possible identity links, 孙悦 (p-sun-yue ~ p-sun-yue-reg) and 钱明
// (p-qian-ming ~ p-qian-ming-reg) (tests/ui.rs loads them). An investigator sees both
// records side by side, confirms one and rejects the other; a viewer gets no list and no
// buttons. Screenshots go to web/tests/screenshots/identity-*.png. Exits non-zero on failure.

import { join } from 'node:path';
import { startBrowserTest } from './harness.mjs';

const { BASE, TOKEN, VIEWER, shots, check, scenario, open, finish } = await startBrowserTest('identity');
const card = (id) => `article.candidate[data-a="${id}"]`;

const page = await open(TOKEN, '#/identity');
await scenario('the pending candidates, both records side by side', async () => {
  await page.waitForSelector('#identity-out[data-loaded="pending:1"] article.candidate');
  check((await page.$$('article.candidate')).length === 2, 'two candidates expected');
  const row = await page.textContent(`${card('p-sun-yue')} tr.same[data-field=phone]`);
  check(row.includes('13900000001'), `the shared phone is not marked: ${row}`);
  const text = await page.textContent(card('p-sun-yue'));
  for (const word of ['孙悦', '1990-01-02', 'people.csv', 'shared phone', '确认同一人', '不是同一人']) {
    check(text.includes(word), `"${word}" missing from the card: ${text}`);
  }
  await page.screenshot({ path: join(shots, 'identity-1-pending.png'), fullPage: true });
});

await scenario('confirm one, reject the other, see them under their status', async () => {
  await page.fill(`${card('p-sun-yue')} input[name=note]`, '户籍核实');
  await page.click(`${card('p-sun-yue')} button[data-decision=confirm]`);
  await page.waitForSelector(`${card('p-sun-yue')} .out.ok`);
  await page.waitForFunction(() => document.querySelectorAll('article.candidate').length === 1);
  await page.click(`${card('p-qian-ming')} button[data-decision=reject]`);
  await page.waitForSelector(`${card('p-qian-ming')} .out.ok`);
  await page.waitForSelector('#identity-out[data-loaded="pending:1"] p.empty');
  await page.goto(`${BASE}/#/identity?status=confirmed`);
  await page.waitForSelector(`#identity-out[data-loaded="confirmed:1"] ${card('p-sun-yue')}`);
  const text = await page.textContent(card('p-sun-yue'));
  check(text.includes('户籍核实') && text.includes('撤销决定'), `confirmed card: ${text}`);
  await page.screenshot({ path: join(shots, 'identity-2-confirmed.png'), fullPage: true });
  await page.goto(`${BASE}/#/identity?status=rejected`);
  await page.waitForSelector(`#identity-out[data-loaded="rejected:1"] ${card('p-qian-ming')}`);
  await page.click('#lang');
  await page.waitForSelector(`#identity-out[data-loaded="rejected:1"] ${card('p-qian-ming')}`);
  check((await page.textContent('h1')).includes('Identity review'), 'no English title');
  await page.click('#lang');
});

const viewer = await open(VIEWER, '#/identity');
await scenario('a viewer gets no records and no buttons', async () => {
  await viewer.waitForSelector('#identity-out p.error');
  check((await viewer.textContent('#identity-out')).includes('无权限'), 'no refusal shown');
  check((await viewer.$$('button[data-decision]')).length === 0, 'decision buttons shown to a viewer');
  await viewer.screenshot({ path: join(shots, 'identity-3-viewer.png'), fullPage: true });
});

await finish();

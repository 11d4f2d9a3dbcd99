// A short browser test for whichever Chromium harness.mjs chooses; tests/ui.rs runs it with
// GUANXI_CHROMIUM_FORCE_NPM=1 so that the npm Chromium (the fallback on machines without
// Debian's) is exercised on every run, whatever the machine has.
//
//   GUANXI_URL=http://127.0.0.1:8080 GUANXI_TOKEN=<investigator> GUANXI_VIEWER_TOKEN=<viewer> \
//     node web/tests/smoke.mjs
//
// Signs in, waits for the alert inbox (empty is fine), checks that Chinese text is drawn with
// real glyphs (not the same empty box for every character) and saves
// web/tests/screenshots/smoke-inbox.png. Exits non-zero on failure.

import { join } from 'node:path';
import { startBrowserTest } from './harness.mjs';

const { TOKEN, shots, check, scenario, open, finish } = await startBrowserTest('smoke');

const page = await open(TOKEN, '#/alerts');
await scenario('sign in and see the alert inbox, in Chinese', async () => {
  await page.waitForSelector('#alerts-out[data-loaded]');
  const title = await page.textContent('h1');
  check(/[\u4e00-\u9fff]/.test(title), `no Chinese title: ${title}`);
  await page.screenshot({ path: join(shots, 'smoke-inbox.png'), fullPage: true });
});

await scenario('Chinese characters are drawn with a CJK font', async () => {
  // Without a CJK font every character is the same "missing glyph" box: two different
  // characters drawn on a canvas give identical pixels.
  const differ = await page.evaluate(() => {
    const draw = (text) => {
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      const ctx = canvas.getContext('2d');
      ctx.font = '48px sans-serif';
      ctx.fillText(text, 4, 52);
      return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(',');
    };
    return draw('关') !== draw('系') && draw('关') !== draw('\u{10FFFD}');
  });
  check(differ, 'Chinese text is drawn as boxes: install a CJK font (Debian: fonts-noto-cjk)');
});

await finish();

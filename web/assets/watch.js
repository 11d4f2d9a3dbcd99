// Watchlists: the header badge with the count of news (GET /api/watchlist/news, polled every
// 60 s and on each route change), the #/watchlist page (what the signed-in investigator
// watches, their news, "mark seen", stop watching) and the "关注 Watch" button of an entity
// page. Investigators and up: the API answers viewers 403, so a viewer sees no badge, no
// button, and the page says so. Helpers (escaping, error words, entity links) come from
// app.js, so that this module holds only the screen.

import * as api from './api.js';
import { addStrings, pick, t } from './i18n.js';

addStrings(
  {
    'watch.badge': '关注', 'watch.title': '我的关注', 'watch.items': '关注对象', 'watch.news': '新动态',
    'watch.none': '还没有关注对象。在实体页点击“关注”即可关注。', 'watch.no_news': '上次查看以来没有新动态。',
    'watch.seen': '标为已读', 'watch.remove': '取消关注', 'watch.button': '关注', 'watch.watching': '已关注',
    'watch.kind.entity': '对象', 'watch.kind.region': '地区', 'watch.alert': '预警', 'watch.tip': '举报',
    'watch.since': '关注自', 'watch.touches': '涉及',
    'watch.help': '关注对象的新预警（新出现或重新打开）和点名关注对象的新举报会显示在这里，并可通过通知推送。',
  },
  {
    'watch.badge': 'Watch', 'watch.title': 'My watchlist', 'watch.items': 'Watched', 'watch.news': 'News',
    'watch.none': 'Nothing watched yet. Use "Watch" on an entity page.', 'watch.no_news': 'Nothing new since you last looked.',
    'watch.seen': 'Mark seen', 'watch.remove': 'Stop watching', 'watch.button': 'Watch', 'watch.watching': 'Watching',
    'watch.kind.entity': 'entity', 'watch.kind.region': 'region', 'watch.alert': 'Alert', 'watch.tip': 'Tip',
    'watch.since': 'since', 'watch.touches': 'touches',
    'watch.help': 'New or reopened alerts about what you watch, and new tips naming it, show here and can be sent as notifications.',
  },
);

const POLL_MS = 60_000;
let polling = null;

/** Updates the header badge (hidden for viewers and when signed out); starts the poll once. */
export async function refreshBadge() {
  const badge = document.getElementById('watch-badge');
  if (!badge) return;
  if (!polling) polling = setInterval(refreshBadge, POLL_MS);
  if (!api.token()) {
    badge.hidden = true;
    return;
  }
  try {
    const news = await api.get('/api/watchlist/news');
    badge.hidden = false;
    badge.innerHTML = `${t('watch.badge')}${news.count ? ` <span class="count">${Number(news.count)}</span>` : ''}`;
    badge.dataset.count = String(news.count || 0);
  } catch {
    badge.hidden = true;
  }
}

/** The news as list items; `names` maps watched ids to their names. */
function newsItems(news, names, h) {
  const { esc, hashFor, entityLink } = h;
  const touches = (ids) => `<span class="muted">${esc(t('watch.touches'))} ${ids.map((id) => entityLink(id, names.get(id) || id)).join(' ')}</span>`;
  const alerts = (news.alerts || []).map(
    (a) => `<li class="news-alert" data-id="${esc(a.id)}"><span class="badge sev-${esc(a.severity)}">${esc(t(`severity.${a.severity}`))}</span>
      ${esc(t('watch.alert'))} <a href="${hashFor(`/alerts/${encodeURIComponent(a.id)}`)}">${esc(pick(a.summary.zh, a.summary.en))}</a> ${touches(a.watched || [])}</li>`,
  );
  const tips = (news.tips || []).map(
    (tip) => `<li class="news-tip" data-id="${esc(tip.id)}">${esc(t('watch.tip'))} <span class="mono">${esc(tip.id)}</span>
      ${esc(tip.received_on || '')} ${esc(tip.excerpt || '')} ${touches(tip.watched || [])}</li>`,
  );
  return alerts.concat(tips).join('');
}

/**
 * Renders #/watchlist into `root`. `h` holds app.js's helpers: `esc`, `errorText`,
 * `showError`, `entityLink`, `hashFor`, `current()` (false once another route started) and
 * `reload()`.
 */
export async function watchlistPage(root, params, h) {
  const { esc, entityLink } = h;
  root.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
  let list;
  let news;
  try {
    [list, news] = await Promise.all([api.get('/api/watchlist'), api.get('/api/watchlist/news')]);
  } catch (error) {
    if (h.current()) h.showError(root, error);
    return;
  }
  if (!h.current()) return;
  const items = (list.items || []).map(
    (w) => `<tr data-id="${esc(w.id)}"><td>${esc(t(`watch.kind.${w.kind}`))}</td><td>${entityLink(w.target, w.name)}</td>
      <td class="mono">${esc((w.created_at || '').slice(0, 10))}</td>
      <td><button type="button" data-remove="${esc(w.id)}">${esc(t('watch.remove'))}</button></td></tr>`,
  );
  root.innerHTML = `
    <section id="watch-view" data-count="${Number(news.count || 0)}" data-items="${items.length}">
      <h1>${esc(t('watch.title'))}</h1>
      <p class="muted">${esc(t('watch.help'))}</p>
      <h2>${esc(t('watch.news'))} <span class="count">${Number(news.count || 0)}</span>
        <button type="button" id="watch-seen"${news.count ? '' : ' disabled'}>${esc(t('watch.seen'))}</button></h2>
      ${news.count ? `<ul class="news">${newsItems(news, new Map((list.items || []).map((w) => [w.target, w.name])), h)}</ul>` : `<p class="muted">${esc(t('watch.no_news'))}</p>`}
      <h2>${esc(t('watch.items'))}</h2>
      ${items.length ? `<table class="list"><thead><tr><th></th><th></th><th>${esc(t('watch.since'))}</th><th></th></tr></thead><tbody>${items.join('')}</tbody></table>` : `<p class="muted">${esc(t('watch.none'))}</p>`}
      <p class="out error" role="status"></p>
    </section>`;
  const out = root.querySelector('.out');
  const act = async (call) => {
    try {
      await call();
      await refreshBadge();
      h.reload();
    } catch (error) {
      out.textContent = h.errorText(error);
    }
  };
  root.querySelector('#watch-seen').addEventListener('click', () => act(() => api.post('/api/watchlist/seen')));
  for (const button of root.querySelectorAll('[data-remove]')) {
    button.addEventListener('click', () => act(() => api.del(`/api/watchlist/${api.seg(button.dataset.remove)}`)));
  }
}

/**
 * The "关注 Watch" button of the entity page `id` in `container` (nothing for viewers): shows
 * "已关注 Watching" when it is watched already; a click watches it.
 */
export async function watchButton(container, id, h) {
  if (!container) return;
  let list;
  try {
    list = await api.get('/api/watchlist');
  } catch {
    return; // viewers keep no watchlist: no button
  }
  const watched = (list.items || []).some((w) => w.kind === 'entity' && w.target === id);
  container.innerHTML = `<button type="button" id="watch-button"${watched ? ' disabled' : ''}>${h.esc(t(watched ? 'watch.watching' : 'watch.button'))}</button>`;
  const button = container.querySelector('button');
  button.addEventListener('click', async () => {
    try {
      await api.post('/api/watchlist', { kind: 'entity', target: id });
      button.textContent = t('watch.watching');
      button.disabled = true;
      refreshBadge();
    } catch (error) {
      container.insertAdjacentHTML('beforeend', ` <span class="error">${h.esc(h.errorText(error))}</span>`);
    }
  });
}

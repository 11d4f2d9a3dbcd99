// The History section of an entity page: its change history, newest first (GET
// /api/entities/{id}/history), one row per changed property with old → new, when, who, the
// load run and the source file and line; "older" pages on. Investigators and up: the API
// answers viewers 403, shown as the section's message. Helpers (escaping, error words,
// entity links) come from app.js, so that this module holds only the section.

import * as api from './api.js';
import { t } from './i18n.js';

const PAGE = 50;

/** The rows of one page of entries. */
function rows(entries, h) {
  const { esc, entityLink } = h;
  return entries
    .flatMap((e) => {
      const where = e.rel_type ? `${esc(e.rel_type)} → ${entityLink(e.other_id, e.other_id)}` : '';
      return Object.entries(e.changes || {}).map(
        ([key, [before, after]]) => `<tr>
          <td class="mono">${esc((e.at || '').slice(0, 19).replace('T', ' '))}</td>
          <td>${where}</td>
          <td class="mono">${esc(key)}</td>
          <td>${before == null ? `<span class="muted">${esc(t('none'))}</span>` : esc(before)}</td>
          <td>${after == null ? `<span class="muted">${esc(t('history.cleared'))}</span>` : esc(after)}</td>
          <td>${esc(e.by)}</td>
          <td class="mono">${esc(e.file)}:${esc(e.line)}</td>
          <td class="mono">${esc(e.run)}</td>
        </tr>`,
      );
    })
    .join('');
}

/** Fills `where` with the history of entity `id`, loading more on "older". */
export async function historySection(where, id, h) {
  let offset = 0;
  where.innerHTML = `<h3>${h.esc(t('history.title'))}</h3><div class="history-body muted">${h.esc(t('loading'))}</div>`;
  const body = where.querySelector('.history-body');
  const more = async () => {
    let page;
    try {
      page = await api.get(`/api/entities/${api.seg(id)}/history`, { offset, limit: PAGE });
    } catch (error) {
      if (h.current()) h.showError(body, error);
      return;
    }
    if (!h.current()) return;
    const entries = page.entries || [];
    if (offset === 0 && !entries.length) {
      body.innerHTML = `<p class="muted">${h.esc(t('history.empty'))}</p>`;
      return;
    }
    if (offset === 0) {
      body.classList.remove('muted');
      body.innerHTML = `<table id="history" class="list"><thead><tr>
        <th>${h.esc(t('history.at'))}</th><th>${h.esc(t('history.relationship'))}</th>
        <th>${h.esc(t('history.property'))}</th><th>${h.esc(t('history.old'))}</th>
        <th>${h.esc(t('history.new'))}</th><th>${h.esc(t('history.by'))}</th>
        <th>${h.esc(t('history.source'))}</th><th>${h.esc(t('history.run'))}</th>
      </tr></thead><tbody></tbody></table>`;
    }
    body.querySelector('tbody').insertAdjacentHTML('beforeend', rows(entries, h));
    body.querySelector('#history-older')?.remove();
    offset += entries.length;
    if (entries.length === PAGE) {
      body.insertAdjacentHTML('beforeend', `<button id="history-older" type="button">${h.esc(t('history.older'))}</button>`);
      body.querySelector('#history-older').addEventListener('click', more);
    }
  };
  await more();
}

// Identity review (#/identity?status=&page=): the possible identity links that resolution
// proposed, the two person records side by side with the reason and score, and the
// decisions (confirm or reject a pending link, undo a decided one). Investigators and up:
// the API answers viewers 403 (the records are unmasked personal data), so a viewer sees
// that message and no buttons. The page helpers (escaping, error words, entity links) come
// from app.js, so that this module holds only the screen.

import * as api from './api.js';
import { t } from './i18n.js';

const STATUSES = ['pending', 'confirmed', 'rejected'];
const FIELDS = ['name', 'birth_date', 'gender', 'id_number', 'phone', 'address', 'source'];

/** One record's value of a field of the side-by-side table. */
function value(record, field) {
  if (field === 'source') return record.source_file ? `${record.source_file}:${record.source_line ?? ''}` : '';
  if (field === 'id_number') {
    if (record.id_number) return record.id_number;
    return record.id_number_invalid ? `${record.id_number_invalid} ${t('identity.invalid')}` : '';
  }
  return record[field] ?? '';
}

/** One candidate as a card: both records, score, reason, last decision, the buttons. */
function candidateCard(c, h) {
  const { esc, entityLink } = h;
  const rows = FIELDS.map((f) => {
    const a = value(c.a, f);
    const b = value(c.b, f);
    const same = a && a === b ? ' class="same"' : '';
    return `<tr data-field="${f}"${same}><th>${esc(t(`identity.field.${f}`))}</th><td>${esc(a) || '—'}</td><td>${esc(b) || '—'}</td></tr>`;
  }).join('');
  const decided = c.decided_by
    ? `<p class="muted">${esc(t(`identity.status.${c.status}`))} · ${esc(t('alert.by'))} ${esc(c.decided_by)} · ${esc(String(c.decided_at || '').slice(0, 10))}${c.note ? ` — ${esc(c.note)}` : ''}</p>`
    : '';
  const buttons =
    c.status === 'pending'
      ? `<button type="button" data-decision="confirm">${esc(t('identity.confirm'))}</button>
         <button type="button" data-decision="reject">${esc(t('identity.reject'))}</button>`
      : `<button type="button" data-decision="undo">${esc(t('identity.undo'))}</button>`;
  return `
    <article class="card candidate" data-a="${esc(c.a.id)}" data-b="${esc(c.b.id)}">
      <h2>${entityLink(c.a.id, c.a.name)} ~ ${entityLink(c.b.id, c.b.name)}
        <span class="badge st-${esc(c.status)}">${esc(t(`identity.status.${c.status}`))}</span>
        <small>${esc(t('identity.score'))} <strong class="score">${esc(Number(c.score ?? 0).toFixed(2))}</strong></small></h2>
      <p class="muted reason">${esc(t('identity.reason'))}: ${esc(c.reason || '')}</p>
      <table class="list side-by-side">
        <thead><tr><th></th><th>${esc(c.a.id)}</th><th>${esc(c.b.id)}</th></tr></thead>
        <tbody>${rows}</tbody>
      </table>
      ${decided}
      <form class="decision">
        <label>${esc(t('alert.note'))}<input name="note" type="text"></label>
        ${buttons}
        <span class="out" role="status"></span>
      </form>
    </article>`;
}

/**
 * Renders the review screen into `root`. `h` holds app.js's helpers: `esc`, `errorText`,
 * `showError`, `entityLink`, `hashFor`, `current()` (false once another route started) and
 * `reload()`.
 */
export async function identityPage(root, params, h) {
  const { esc, hashFor } = h;
  const status = STATUSES.includes(params.status) ? params.status : 'pending';
  const page = Math.max(1, Number(params.page || 1));
  root.innerHTML = `
    <section id="identity-view">
      <h1>${esc(t('identity.title'))}</h1>
      <p class="muted">${esc(t('identity.help'))}</p>
      <nav class="filters">${STATUSES.map(
        (s) => `<a href="${hashFor('/identity', { status: s })}" class="chip${s === status ? ' active' : ''}">${esc(t(`identity.status.${s}`))}</a>`,
      ).join('')}</nav>
      <div id="identity-out"><p class="muted">${esc(t('loading'))}</p></div>
    </section>`;
  const out = document.getElementById('identity-out');
  let data;
  try {
    data = await api.get('/api/identity/candidates', { status, page, per_page: 20 });
  } catch (error) {
    if (h.current()) h.showError(out, error);
    return;
  }
  if (!h.current()) return;
  // Tells (tests, too) which list the screen answers.
  out.dataset.loaded = `${status}:${page}`;
  if (!data.candidates.length) {
    out.innerHTML = `<p class="muted empty">${esc(t('identity.empty'))}</p>`;
    return;
  }
  const pages = Math.max(1, Math.ceil(data.total / data.per_page));
  out.innerHTML = `
    <p class="muted">${esc(t('alerts.total', { n: data.total }))}</p>
    ${data.candidates.map((c) => candidateCard(c, h)).join('')}
    <nav class="pager">
      ${page > 1 ? `<a href="${hashFor('/identity', { status, page: page - 1 })}">${esc(t('alerts.prev'))}</a>` : ''}
      <span>${esc(t('alerts.page', { page, pages }))}</span>
      ${page < pages ? `<a href="${hashFor('/identity', { status, page: page + 1 })}">${esc(t('alerts.next'))}</a>` : ''}
    </nav>`;
  for (const card of out.querySelectorAll('article.candidate')) {
    const form = card.querySelector('form');
    form.addEventListener('submit', (event) => event.preventDefault());
    for (const button of card.querySelectorAll('button[data-decision]')) {
      button.addEventListener('click', async () => {
        const result = card.querySelector('.out');
        result.className = 'out';
        result.textContent = t('loading');
        try {
          const after = await api.post('/api/identity/decisions', {
            a: card.dataset.a,
            b: card.dataset.b,
            decision: button.dataset.decision,
            note: form.elements.note.value || '',
          });
          result.className = 'out ok';
          result.textContent = t('identity.done', { status: t(`identity.status.${after.status}`) });
          setTimeout(() => {
            if (h.current()) h.reload();
          }, 600);
        } catch (error) {
          result.className = 'out error';
          result.textContent = h.errorText(error);
        }
      });
    }
  }
}

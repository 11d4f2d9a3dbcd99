// The inbox's bulk work (#/alerts): a checkbox per alert row with select-all, the bar
// "批量研判 Bulk triage" (one status and one note for the selected alerts, through
// POST /api/alerts/triage, which answers a result per alert), and the saved filters: the
// caller's filters as chips above the list and "保存筛选 Save filter" for the current one
// (/api/filters). app.js calls `savedFilters` and `bulkTriage` from its inbox; the page
// helpers (escaping, error words, links, reload) come from app.js in `h`.

import * as api from './api.js';
import { addStrings, t } from './i18n.js';

addStrings(
  {
    'bulk.title': '批量研判', 'bulk.selected': '已选 {n} 条', 'bulk.all': '全选本页',
    'bulk.submit': '批量研判', 'bulk.none': '请先勾选预警。', 'bulk.select': '选择',
    'bulk.done': '已更新 {changed} / {n} 条', 'bulk.outcome.not_found': '不存在或不在权限范围内',
    'bulk.outcome.not_allowed': '当前状态不可变更为此状态', 'bulk.outcome.retired': '已失效',
    'filters.saved': '已保存的筛选', 'filters.save': '保存筛选', 'filters.name': '筛选名称',
    'filters.delete': '删除此筛选', 'filters.none': '暂无已保存的筛选。', 'filters.need_name': '请输入筛选名称。',
  },
  {
    'bulk.title': 'Bulk triage', 'bulk.selected': '{n} selected', 'bulk.all': 'Select all on this page',
    'bulk.submit': 'Bulk triage', 'bulk.none': 'Select alerts first.', 'bulk.select': 'Select',
    'bulk.done': '{changed} of {n} changed', 'bulk.outcome.not_found': 'unknown or outside your scope',
    'bulk.outcome.not_allowed': 'its status cannot become this one', 'bulk.outcome.retired': 'retired',
    'filters.saved': 'Saved filters', 'filters.save': 'Save filter', 'filters.name': 'Filter name',
    'filters.delete': 'Delete this filter', 'filters.none': 'No saved filters yet.', 'filters.need_name': 'Enter a name for the filter.',
  },
);

/** The inbox parameters a saved filter keeps (the API checks them again). */
const FILTER_KEYS = ['pattern', 'severity', 'status', 'org', 'since', 'until', 'sort'];

/**
 * Renders the saved filters into `root` (chips linking to their inbox, a delete mark each,
 * and the save form for `filters`, the inbox's current parameters).
 */
export async function savedFilters(root, filters, h) {
  const { esc, hashFor } = h;
  root.innerHTML = `
    <div class="saved-filters">
      <span class="muted">${esc(t('filters.saved'))}:</span>
      <span id="filter-chips"><span class="muted">${esc(t('loading'))}</span></span>
      <form id="filter-save" class="inline">
        <input name="name" placeholder="${esc(t('filters.name'))}" maxlength="60" size="14">
        <button type="submit">${esc(t('filters.save'))}</button>
        <span class="out" role="status"></span>
      </form>
    </div>`;
  const chips = root.querySelector('#filter-chips');
  const draw = async () => {
    let list;
    try {
      list = await api.get('/api/filters');
    } catch (error) {
      chips.innerHTML = `<span class="error">${esc(h.errorText(error))}</span>`;
      return;
    }
    if (!h.current()) return;
    chips.innerHTML = list.length
      ? list
          .map(
            (f) => `<span class="chip saved-filter" data-id="${esc(f.id)}"><a href="${hashFor('/alerts', f.params)}">${esc(f.name)}</a>
              <button type="button" class="link" data-delete="${esc(f.id)}" title="${esc(t('filters.delete'))}">✕</button></span>`,
          )
          .join('')
      : `<span class="muted">${esc(t('filters.none'))}</span>`;
    for (const button of chips.querySelectorAll('button[data-delete]')) {
      button.addEventListener('click', async () => {
        try {
          await api.del(`/api/filters/${api.seg(button.dataset.delete)}`);
          await draw();
        } catch (error) {
          chips.insertAdjacentHTML('beforeend', `<span class="error">${esc(h.errorText(error))}</span>`);
        }
      });
    }
  };
  root.querySelector('#filter-save').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const out = form.querySelector('.out');
    const name = form.elements.name.value.trim();
    out.className = 'out';
    if (!name) {
      out.textContent = t('filters.need_name');
      out.className = 'out error';
      return;
    }
    const params = Object.fromEntries(FILTER_KEYS.filter((k) => filters[k]).map((k) => [k, String(filters[k])]));
    try {
      await api.post('/api/filters', { name, params });
      form.elements.name.value = '';
      out.textContent = '';
      await draw();
    } catch (error) {
      out.textContent = h.errorText(error);
      out.className = 'out error';
    }
  });
  await draw();
}

/**
 * Adds the selection column to the inbox table in `out` (a checkbox per row, select-all in
 * the header) and the bulk triage bar above it. Clicking a checkbox does not open the alert.
 */
export function bulkTriage(out, h) {
  const { esc } = h;
  const table = out.querySelector('#alerts-table');
  if (!table) return;
  const stop = (event) => event.stopPropagation();
  table.querySelector('thead tr').insertAdjacentHTML(
    'beforeend',
    `<th><input type="checkbox" id="bulk-all" title="${esc(t('bulk.all'))}" aria-label="${esc(t('bulk.all'))}"></th>`,
  );
  for (const row of table.querySelectorAll('tbody tr')) {
    row.insertAdjacentHTML(
      'beforeend',
      `<td class="pick"><input type="checkbox" class="bulk-pick" value="${esc(row.dataset.id)}" aria-label="${esc(t('bulk.select'))}"></td>`,
    );
    const cell = row.lastElementChild;
    cell.addEventListener('click', stop);
    cell.addEventListener('keydown', stop);
  }
  table.insertAdjacentHTML(
    'beforebegin',
    `<form id="bulk-bar" class="filters bulk">
      <strong>${esc(t('bulk.title'))}</strong>
      <span id="bulk-count" class="muted">${esc(t('bulk.selected', { n: 0 }))}</span>
      <label>${esc(t('alerts.status'))}
        <select name="status">${['in_review', 'confirmed', 'dismissed']
          .map((s) => `<option value="${s}">${esc(t(`status.${s}`))}</option>`)
          .join('')}</select></label>
      <label>${esc(t('alert.note'))} <input name="note" size="24"></label>
      <button type="submit">${esc(t('bulk.submit'))}</button>
      <span id="bulk-out" role="status"></span>
    </form>`,
  );
  const picks = () => [...table.querySelectorAll('input.bulk-pick')];
  const chosen = () => picks().filter((p) => p.checked).map((p) => p.value);
  const count = () => {
    out.querySelector('#bulk-count').textContent = t('bulk.selected', { n: chosen().length });
  };
  const all = table.querySelector('#bulk-all');
  all.addEventListener('change', () => {
    for (const p of picks()) p.checked = all.checked;
    count();
  });
  for (const p of picks()) p.addEventListener('change', count);
  out.querySelector('#bulk-bar').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const result = out.querySelector('#bulk-out');
    const ids = chosen();
    result.className = '';
    if (!ids.length) {
      result.textContent = t('bulk.none');
      result.className = 'error';
      return;
    }
    result.textContent = t('loading');
    try {
      const done = await api.post('/api/alerts/triage', {
        ids,
        status: form.elements.status.value,
        note: form.elements.note.value || '',
      });
      const refused = done.items
        .filter((i) => i.outcome !== 'changed')
        .map((i) => `${i.id}: ${t(`bulk.outcome.${i.outcome}`)}`);
      result.textContent = [t('bulk.done', { changed: done.changed, n: done.items.length }), ...refused].join(' · ');
      result.className = done.changed ? 'ok' : 'error';
      result.dataset.changed = String(done.changed);
      setTimeout(() => {
        if (h.current()) h.reload();
      }, 900);
    } catch (error) {
      result.textContent = h.errorText(error);
      result.className = 'error';
    }
  });
}

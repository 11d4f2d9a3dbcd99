// Cases (线索/案件): #/cases?status= lists them; #/cases/ID is one case: its header (number,
// title, status, assignee, deadline, disposition), the status flow (受理 → 初步核实 → 谈话函询
// → 立案审查 → 办结; closing with a disposition from GET /api/cases/dispositions, optionally
// closing its alerts), the notes log, the items (with remove), one graph of everything in it
// (GET /api/cases/{id}/graph) with the chains between its entities, and the source rows of
// its alerts. `createCaseForm` opens a case from a tip or an alert; `alertCases` is the
// alert page's "加入线索/新建线索" section. Investigators and up: viewers see the API's 403
// message. The page helpers (escaping, error words, links, the records table) come from app.js.

import * as api from './api.js';
import { addStrings, pick, t } from './i18n.js';
import { drawGraph, legendHtml } from './graph.js';
import { pairChains } from './tips.js';

const STATUSES = ['received', 'preliminary_check', 'inquiry', 'filed', 'closed'];

addStrings(
  {
    'nav.cases': '案件', 'cases.report': '下载 Word 报告', 'cases.title': '线索与案件', 'cases.all': '全部', 'cases.empty': '没有案件。',
    'cases.number': '编号', 'cases.case_title': '标题', 'cases.status': '状态', 'cases.assignee': '承办人',
    'cases.deadline': '期限', 'cases.disposition': '处置方式', 'cases.items': '包含', 'cases.updated': '最近更新',
    'cases.created': '立项', 'cases.back': '← 返回案件列表', 'cases.next': '推进到 {status}',
    'cases.close': '办结', 'cases.close_alerts': '同时将其预警办结（已确认）', 'cases.notes': '工作记录',
    'cases.note_add': '添加记录', 'cases.no_notes': '暂无记录。', 'cases.remove': '移除',
    'cases.kind': '类别', 'cases.id': '编号', 'cases.label': '内容', 'cases.graph': '案件关系图',
    'cases.paths': '对象之间的关系路径', 'cases.records': '预警来源记录', 'cases.history': '状态记录',
    'cases.new': '新建线索', 'cases.create': '创建', 'cases.add_to': '加入已有线索', 'cases.add': '加入',
    'cases.of_alert': '所属案件', 'cases.will_include': '将包含：{alerts} 条预警、{tips} 条举报、{entities} 个对象',
    'cases.created_ok': '已创建 {id}。', 'cases.added_ok': '已加入 {id}。', 'cases.none_open': '没有未办结的案件。',
    'item.alert': '预警', 'item.tip': '举报', 'item.entity': '对象',
    'case.received': '受理', 'case.preliminary_check': '初步核实', 'case.inquiry': '谈话函询',
    'case.filed': '立案审查', 'case.closed': '办结',
  },
  {
    'nav.cases': 'Cases', 'cases.report': 'Word report', 'cases.title': 'Cases', 'cases.all': 'All', 'cases.empty': 'No cases.',
    'cases.number': 'Number', 'cases.case_title': 'Title', 'cases.status': 'Status', 'cases.assignee': 'Assignee',
    'cases.deadline': 'Deadline', 'cases.disposition': 'Disposition', 'cases.items': 'Items', 'cases.updated': 'Updated',
    'cases.created': 'Opened', 'cases.back': '← Back to the cases', 'cases.next': 'Move to {status}',
    'cases.close': 'Close', 'cases.close_alerts': 'Also close its alerts (confirmed)', 'cases.notes': 'Notes',
    'cases.note_add': 'Add note', 'cases.no_notes': 'No notes yet.', 'cases.remove': 'Remove',
    'cases.kind': 'Kind', 'cases.id': 'Id', 'cases.label': 'What', 'cases.graph': 'Case graph',
    'cases.paths': 'Paths between its entities', 'cases.records': 'Source rows of its alerts', 'cases.history': 'Status history',
    'cases.new': 'New case', 'cases.create': 'Create', 'cases.add_to': 'Add to a case', 'cases.add': 'Add',
    'cases.of_alert': 'Cases', 'cases.will_include': 'Will include: {alerts} alerts, {tips} tips, {entities} entities',
    'cases.created_ok': 'Created {id}.', 'cases.added_ok': 'Added to {id}.', 'cases.none_open': 'No open cases.',
    'item.alert': 'Alert', 'item.tip': 'Tip', 'item.entity': 'Entity',
    'case.received': 'received', 'case.preliminary_check': 'preliminary check', 'case.inquiry': 'inquiry',
    'case.filed': 'filed', 'case.closed': 'closed',
  },
);

function statusBadge(status, h) {
  return `<span class="badge case-${h.esc(status)}">${h.esc(t(`case.${status}`))}</span>`;
}

function itemLink(item, h) {
  const path = { alert: '/alerts/', tip: '/tips/', entity: '/entity/' }[item.kind] || '/entity/';
  return `<a href="${h.hashFor(`${path}${encodeURIComponent(item.id)}`)}">${h.esc(item.id)}</a>`;
}

/** Runs `action` showing its outcome in `out`; reloads the page after a success. */
async function act(out, h, action) {
  out.className = 'out';
  out.textContent = t('loading');
  try {
    await action();
    out.className = 'out ok';
    out.textContent = '✓';
    if (h.current()) h.reload();
  } catch (error) {
    out.className = 'out error';
    out.textContent = h.errorText(error);
  }
}

/**
 * A "new case" button in `where` that opens a form prefilled with `init` (`title`, `alerts`,
 * `tips`, `entities`, the button's `label`); creating goes to the new case's page.
 */
export function createCaseForm(where, init, h) {
  const { esc } = h;
  const n = (list) => (list || []).length;
  where.innerHTML = `
    <button type="button" class="new-case">${esc(init.label || t('cases.new'))}</button>
    <form class="case-create card" hidden>
      <label>${esc(t('cases.case_title'))} <input name="title" value="${esc(init.title)}" required></label>
      <label>${esc(t('cases.assignee'))} <input name="assignee"></label>
      <label>${esc(t('cases.deadline'))} <input name="deadline" type="date"></label>
      <p class="muted">${esc(t('cases.will_include', { alerts: n(init.alerts), tips: n(init.tips), entities: n(init.entities) }))}</p>
      <button type="submit">${esc(t('cases.create'))}</button>
      <span class="out" role="status"></span>
    </form>`;
  const form = where.querySelector('form');
  where.querySelector('.new-case').addEventListener('click', () => {
    form.hidden = !form.hidden;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const out = form.querySelector('.out');
    const body = { alerts: init.alerts || [], tips: init.tips || [], entities: init.entities || [] };
    for (const key of ['title', 'assignee', 'deadline']) body[key] = form.elements[key].value;
    out.className = 'out';
    out.textContent = t('loading');
    try {
      const created = await api.post('/api/cases', body);
      location.hash = h.hashFor(`/cases/${encodeURIComponent(created.id)}`);
    } catch (error) {
      out.className = 'out error';
      out.textContent = h.errorText(error);
    }
  });
}

/** The alert page's section: the cases that include it, a new case, or adding it to one. */
export function alertCases(where, alert, h) {
  const { esc } = h;
  const cases = (alert.cases || []).map((c) => `<a href="${h.hashFor(`/cases/${encodeURIComponent(c)}`)}">${esc(c)}</a>`);
  where.innerHTML = `
    ${cases.length ? `<p id="alert-case-numbers">${esc(t('cases.of_alert'))}: ${cases.join('、')}</p>` : ''}
    <div class="case-actions"><span class="create"></span>
      <button type="button" class="add-to-case">${esc(t('cases.add_to'))}</button>
      <form class="case-add" hidden><select name="case"></select>
        <button type="submit">${esc(t('cases.add'))}</button><span class="out" role="status"></span></form></div>`;
  createCaseForm(where.querySelector('.create'), {
    title: pick(alert.summary.zh, alert.summary.en).slice(0, 60),
    alerts: [alert.id],
    entities: alert.subjects,
    label: t('cases.new'),
  }, h);
  const form = where.querySelector('.case-add');
  const out = form.querySelector('.out');
  where.querySelector('.add-to-case').addEventListener('click', async () => {
    form.hidden = false;
    try {
      const open = (await api.get('/api/cases')).filter((c) => c.status !== 'closed' && !(alert.cases || []).includes(c.id));
      form.elements.case.innerHTML = open.map((c) => `<option value="${esc(c.id)}">${esc(c.id)} ${esc(c.title)}</option>`).join('');
      if (!open.length) out.textContent = t('cases.none_open');
    } catch (error) {
      out.className = 'out error';
      out.textContent = h.errorText(error);
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = form.elements.case.value;
    if (id) act(out, h, () => api.post(`/api/cases/${api.seg(id)}/items`, { alerts: [alert.id] }));
  });
}

/** The list: `#/cases?status=`. */
export async function casesPage(root, params, h) {
  h.setNav('cases');
  const { esc, hashFor } = h;
  const status = STATUSES.includes(params.status) ? params.status : '';
  root.innerHTML = `
    <section id="cases-view">
      <h1>${esc(t('cases.title'))}</h1>
      <nav class="filters">${['', ...STATUSES]
        .map((s) => `<a href="${hashFor('/cases', { status: s })}" class="chip${s === status ? ' active' : ''}">${esc(s ? t(`case.${s}`) : t('cases.all'))}</a>`)
        .join('')}</nav>
      <div id="cases-out"><p class="muted">${esc(t('loading'))}</p></div>
    </section>`;
  const out = document.getElementById('cases-out');
  let list;
  try {
    list = await api.get('/api/cases');
  } catch (error) {
    if (h.current()) h.showError(out, error);
    return;
  }
  if (!h.current()) return;
  const shown = list.filter((c) => !status || c.status === status);
  out.dataset.loaded = location.hash;
  if (!shown.length) {
    out.innerHTML = `<p class="muted">${esc(t('cases.empty'))}</p>`;
    return;
  }
  out.innerHTML = `<table id="cases-table" class="list">
    <thead><tr><th>${esc(t('cases.number'))}</th><th>${esc(t('cases.case_title'))}</th><th>${esc(t('cases.status'))}</th>
      <th>${esc(t('cases.assignee'))}</th><th>${esc(t('cases.deadline'))}</th><th>${esc(t('cases.items'))}</th><th>${esc(t('cases.updated'))}</th></tr></thead>
    <tbody>${shown
      .map((c) => `<tr data-id="${esc(c.id)}"><td><a href="${hashFor(`/cases/${encodeURIComponent(c.id)}`)}">${esc(c.id)}</a></td>
        <td>${esc(c.title)}</td><td>${statusBadge(c.status, h)}${c.disposition ? ` ${esc(c.disposition)}` : ''}</td>
        <td>${esc(c.assignee || '')}</td><td>${esc(c.deadline || '')}</td><td>${esc(c.items.length)}</td>
        <td>${esc(String(c.updated_at).slice(0, 10))}</td></tr>`)
      .join('')}</tbody></table>`;
}

/** The status flow: the next step, and closing with a disposition (any open status). */
function flowHtml(c, dispositions, h) {
  const { esc } = h;
  if (c.status === 'closed') return '';
  const next = STATUSES[STATUSES.indexOf(c.status) + 1];
  const step = next && next !== 'closed'
    ? `<button type="button" id="case-next" data-status="${esc(next)}">${esc(t('cases.next', { status: t(`case.${next}`) }))}</button>`
    : '';
  return `<div class="case-flow">${step}
    <form id="case-close"><label>${esc(t('cases.disposition'))}
      <select name="disposition">${dispositions.map((d) => `<option value="${esc(d)}">${esc(d)}</option>`).join('')}</select></label>
      <label class="inline"><input type="checkbox" name="close_alerts" checked> ${esc(t('cases.close_alerts'))}</label>
      <button type="submit">${esc(t('cases.close'))}</button></form>
    <span id="case-flow-out" class="out" role="status"></span></div>`;
}

/** One case: `#/cases/ID`. */
export async function casePage(root, id, h) {
  h.setNav('cases');
  const { esc } = h;
  root.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
  let c;
  let dispositions;
  try {
    [c, dispositions] = await Promise.all([api.get(`/api/cases/${api.seg(id)}`), api.get('/api/cases/dispositions')]);
  } catch (error) {
    if (h.current()) h.showError(root, error);
    return;
  }
  if (!h.current()) return;
  const notes = c.notes
    .map((n) => `<li><span class="mono">${esc(n.at.slice(0, 16).replace('T', ' '))}</span> ${esc(n.by)}：${esc(n.text)}</li>`)
    .join('');
  const history = c.history
    .map((s) => `<li><span class="mono">${esc(s.at.slice(0, 16).replace('T', ' '))}</span> ${esc(s.by)} ${statusBadge(s.status, h)}${s.disposition ? ` ${esc(s.disposition)}` : ''}</li>`)
    .join('');
  const items = c.items
    .map((i) => `<tr data-kind="${esc(i.kind)}" data-id="${esc(i.id)}"><td>${esc(t(`item.${i.kind}`))}</td><td>${itemLink(i, h)}</td>
      <td>${esc(i.label || '')}</td><td>${i.status ? `<span class="badge st-${esc(i.status)}">${esc(t(`status.${i.status}`))}</span>` : ''}</td>
      <td><button type="button" class="remove">${esc(t('cases.remove'))}</button></td></tr>`)
    .join('');
  root.innerHTML = `
    <section id="case-view" data-id="${esc(c.id)}" data-status="${esc(c.status)}">
      <p><a href="#/cases">${esc(t('cases.back'))}</a></p>
      <h1>${esc(c.id)} ${esc(c.title)} ${statusBadge(c.status, h)}</h1>
      <p class="case-facts">${esc(t('cases.assignee'))}: ${esc(c.assignee || '—')} · ${esc(t('cases.deadline'))}: ${esc(c.deadline || '—')}
        · ${esc(t('cases.disposition'))}: <span id="case-disposition">${esc(c.disposition || '—')}</span>
        · ${esc(t('cases.created'))}: ${esc(c.created_at.slice(0, 10))} ${esc(c.created_by)}</p>
      <p class="case-report"><button type="button" id="case-report">${esc(t('cases.report'))}</button>
        <label class="inline"><input type="checkbox" id="case-report-en"> English</label>
        <span id="case-report-out" class="out" role="status"></span></p>
      ${flowHtml(c, dispositions, h)}
      <div class="two-col">
        <div>
          <h2>${esc(t('cases.items'))}</h2>
          <table id="case-items" class="list"><thead><tr><th>${esc(t('cases.kind'))}</th><th>${esc(t('cases.id'))}</th>
            <th>${esc(t('cases.label'))}</th><th>${esc(t('cases.status'))}</th><th></th></tr></thead><tbody>${items}</tbody></table>
          <span id="case-items-out" class="out" role="status"></span>
          <h2>${esc(t('cases.notes'))}</h2>
          ${notes ? `<ul id="case-notes" class="history">${notes}</ul>` : `<p class="muted">${esc(t('cases.no_notes'))}</p>`}
          <form id="note-form" class="triage"><textarea name="text" rows="3" required></textarea>
            <button type="submit">${esc(t('cases.note_add'))}</button><span class="out" role="status"></span></form>
          <h3>${esc(t('cases.history'))}</h3><ul class="history">${history}</ul>
        </div>
        <div>
          <h2>${esc(t('cases.graph'))}</h2>
          <div id="case-graph" class="graph tall"></div>
          ${legendHtml()}
          <h3>${esc(t('cases.paths'))}</h3><div id="case-paths" class="muted">${esc(t('loading'))}</div>
        </div>
      </div>
      <h2>${esc(t('cases.records'))}</h2>
      <div id="case-records"></div>
    </section>`;
  wire(c, h);
  await Promise.all([caseGraph(c, h), caseRecords(c, h)]);
}

/** The buttons and forms of a case page. */
function wire(c, h) {
  const base = `/api/cases/${api.seg(c.id)}`;
  const flowOut = document.getElementById('case-flow-out');
  document.getElementById('case-next')?.addEventListener('click', (event) => {
    act(flowOut, h, () => api.post(`${base}/status`, { status: event.currentTarget.dataset.status }));
  });
  document.getElementById('case-close')?.addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    act(flowOut, h, () => api.post(`${base}/status`, {
      status: 'closed',
      disposition: form.elements.disposition.value,
      close_alerts: form.elements.close_alerts.checked,
    }));
  });
  document.getElementById('case-report').addEventListener('click', () => {
    const en = document.getElementById('case-report-en').checked;
    const out = document.getElementById('case-report-out');
    out.textContent = t('loading');
    api
      .download(`${base}/report.docx${en ? '?lang=en' : ''}`, `${c.id}.docx`)
      .then(() => { out.textContent = ''; })
      .catch((error) => { out.textContent = h.errorText(error); });
  });
  const noteForm = document.getElementById('note-form');
  noteForm.addEventListener('submit', (event) => {
    event.preventDefault();
    act(noteForm.querySelector('.out'), h, () => api.post(`${base}/notes`, { text: noteForm.elements.text.value }));
  });
  const itemsOut = document.getElementById('case-items-out');
  for (const row of document.querySelectorAll('#case-items tbody tr')) {
    row.querySelector('.remove').addEventListener('click', () => {
      act(itemsOut, h, () => api.del(`${base}/items/${api.seg(row.dataset.id)}`));
    });
  }
}

/** The case's graph and the chains between its entities. */
async function caseGraph(c, h) {
  const container = document.getElementById('case-graph');
  const chains = document.getElementById('case-paths');
  let drawn;
  try {
    drawn = await api.get(`/api/cases/${api.seg(c.id)}/graph`);
  } catch (error) {
    if (h.current()) h.showError(container, error);
    return;
  }
  if (!h.current()) return;
  chains.className = '';
  chains.innerHTML = pairChains(drawn.paths, h) + drawn.notes.map((n) => `<p class="muted">${h.esc(n)}</p>`).join('');
  try {
    await drawGraph(container, drawn, {
      onDoubleTap: (node) => {
        location.hash = h.hashFor(`/entity/${encodeURIComponent(node)}`);
      },
    });
  } catch (error) {
    container.innerHTML = `<p class="error">${h.esc(error.message)}</p>`;
  }
}

/** The source rows of each alert of the case (the alert page's records table). */
async function caseRecords(c, h) {
  const where = document.getElementById('case-records');
  const alerts = c.items.filter((i) => i.kind === 'alert');
  const parts = await Promise.all(
    alerts.map(async (i) => {
      try {
        const alert = await api.get(`/api/alerts/${api.seg(i.id)}`);
        return `<div class="case-record" data-id="${h.esc(alert.id)}"><h3><a href="${h.hashFor(`/alerts/${encodeURIComponent(alert.id)}`)}">${h.esc(pick(alert.summary.zh, alert.summary.en))}</a></h3>${h.recordsTable(alert)}</div>`;
      } catch (error) {
        return `<p class="error">${h.esc(h.errorText(error))}</p>`;
      }
    }),
  );
  if (h.current()) where.innerHTML = parts.join('') || `<p class="muted">${h.esc(t('none'))}</p>`;
}

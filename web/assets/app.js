// The analyst's page: a single page with hash routes.
//   #/overview               the county overview, the default (overview.js)
//   #/signin                 sign in with a token
//   #/alerts?pattern=&severity=&status=&org=&sort=&page=   the inbox (bulk triage and
//                            saved filters: triage.js)
//   #/alerts/ID              one alert: summary, evidence graph, source records, triage
//   #/search?q=              search
//   #/entity/ID              entity page with its graph explorer
//   #/paths?from=&to=&max_hops=   link finder
//   #/portraits?region=      a region's orgs coloured by risk (portraits.js)
//   #/portrait/ID            one org's radar chart (portraits.js)
//   #/identity?status=&page= identity review (identity.js)
//   #/tips?q=, #/tips/ID      tips inbox, one tip opened (tips.js)
//   #/cases?status=, #/cases/ID   cases, one case (cases.js)
// Viewers get identifiers masked by the API; the page shows what it is given.

import * as api from './api.js';
import { lang, pick, setLang, t } from './i18n.js';
import { drawGraph, labelWords, legendHtml } from './graph.js';
import { identityPage } from './identity.js';
import { historySection } from './history.js';
import { tipPage, tipsPage } from './tips.js';
import { alertCases, casePage, casesPage } from './cases.js';
import { overviewPage } from './overview.js';
import { portraitPage, portraitsPage } from './portraits.js';
import { bulkTriage, savedFilters } from './triage.js';
import { refreshBadge, watchButton, watchlistPage } from './watch.js';
import { timelinePage } from './timeline.js';
import { pathsPage } from './paths.js';

const app = document.getElementById('app');
const banner = document.getElementById('banner');
let generation = 0;
let patternsCache = null;

// ------------------------------------------------------------------ helpers

function esc(value) {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function hashFor(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const qs = q.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/overview';
  const [path, qs] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { parts, params: Object.fromEntries(new URLSearchParams(qs || '')) };
}

function errorText(error) {
  if (error instanceof api.ApiError) {
    if (error.status === 403) return t('error.forbidden') + error.detail;
    if (error.status === 503) return t('error.unavailable');
    return t('error.generic') + error.detail;
  }
  return t('error.generic') + (error && error.message ? error.message : String(error));
}

function showError(where, error) {
  where.innerHTML = `<p class="error" role="alert">${esc(errorText(error))}</p>`;
}

function vendorFailed(where, error) {
  where.innerHTML = `<p class="error vendor-missing">${esc(t('vendor.missing'))}${esc(error.message)}</p>`;
}

function kindWord(kind) {
  return t(`kind.${kind}`);
}

function severityBadge(severity) {
  return `<span class="badge sev-${esc(severity)}">${esc(t(`severity.${severity}`))}</span>`;
}

function statusBadge(status) {
  return `<span class="badge st-${esc(status)}">${esc(t(`status.${status}`))}</span>`;
}

function entityLink(id, name) {
  return `<a href="${hashFor(`/entity/${encodeURIComponent(id)}`)}">${esc(name || id)}</a>`;
}

function day(text) {
  return text ? String(text).slice(0, 10) : '';
}

async function patterns() {
  if (!patternsCache) patternsCache = await api.get('/api/patterns');
  return patternsCache;
}

function patternTitle(list, id) {
  const p = list.find((x) => x.id === id);
  return p ? pick(p.title_zh, p.title_en) : id;
}

function setNav(active) {
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.nav === active);
}

function translateChrome() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  document.getElementById('lang').textContent = t('lang');
  const signedIn = Boolean(api.token());
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('signout').hidden = !signedIn;
}

// ------------------------------------------------------------------ sign in

function signInPage() {
  setNav('');
  app.innerHTML = `
    <section class="card narrow">
      <h1>${esc(t('signin.title'))}</h1>
      <p class="muted">${esc(t('signin.help'))}</p>
      <form id="signin-form">
        <label>${esc(t('signin.token'))}
          <input id="token" name="token" type="password" autocomplete="off" required>
        </label>
        <button type="submit">${esc(t('signin.submit'))}</button>
        <p id="signin-error" class="error" hidden></p>
      </form>
    </section>`;
  document.getElementById('signin-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = document.getElementById('token').value.trim();
    const out = document.getElementById('signin-error');
    out.hidden = true;
    try {
      // Every role may list the patterns: a cheap check that the token is good.
      patternsCache = await api.get('/api/patterns', {}, value);
      api.setToken(value);
      translateChrome();
      const next = sessionStorage.getItem('guanxi.next');
      sessionStorage.removeItem('guanxi.next');
      const target = next && !next.startsWith('#/signin') ? next : '#/overview';
      if (location.hash === target) route();
      else location.hash = target;
    } catch (error) {
      out.textContent = error.status === 401 ? t('signin.bad') : errorText(error);
      out.hidden = false;
    }
  });
  document.getElementById('token').focus();
}

// ------------------------------------------------------------------ alerts inbox

async function alertsPage(params, gen) {
  setNav('alerts');
  const list = await patterns();
  if (gen !== generation) return;
  const filters = {
    pattern: params.pattern || '',
    severity: params.severity || '',
    status: params.status || '',
    org: params.org || '',
    sort: params.sort || 'severity',
    page: Number(params.page || 1),
  };
  const option = (value, label, selected) =>
    `<option value="${esc(value)}"${value === selected ? ' selected' : ''}>${esc(label)}</option>`;
  const all = t('alerts.all');
  app.innerHTML = `
    <section>
      <h1>${esc(t('alerts.title'))}</h1>
      <form id="alert-filters" class="filters">
        <label>${esc(t('alerts.pattern'))}
          <select name="pattern">${option('', all, filters.pattern)}${list
            .map((p) => option(p.id, pick(p.title_zh, p.title_en), filters.pattern))
            .join('')}</select></label>
        <label>${esc(t('alerts.severity'))}
          <select name="severity">${option('', all, filters.severity)}${['high', 'medium', 'low']
            .map((s) => option(s, t(`severity.${s}`), filters.severity))
            .join('')}</select></label>
        <label>${esc(t('alerts.status'))}
          <select name="status">${option('', all, filters.status)}${['new', 'in_review', 'confirmed', 'dismissed', 'retired']
            .map((s) => option(s, t(`status.${s}`), filters.status))
            .join('')}</select></label>
        <label>${esc(t('alerts.sort'))}
          <select name="sort">${['severity', 'last_seen', 'first_seen', 'pattern']
            .map((s) => option(s, t(`sort.${s}`), filters.sort))
            .join('')}</select></label>
        ${filters.org
          ? `<span class="chip">${esc(t('alerts.org'))}: ${esc(filters.org)} <a href="${hashFor('/alerts', { ...filters, org: '', page: '' })}" title="${esc(t('alerts.clear_org'))}">✕</a></span>`
          : ''}
      </form>
      <div id="saved-filters-out"></div>
      <div id="alerts-out"><p class="muted">${esc(t('loading'))}</p></div>
    </section>`;
  document.getElementById('alert-filters').addEventListener('change', (event) => {
    const form = new FormData(event.currentTarget);
    location.hash = hashFor('/alerts', { ...filters, ...Object.fromEntries(form), page: '' });
  });
  const out = document.getElementById('alerts-out');
  savedFilters(document.getElementById('saved-filters-out'), filters, helpers(gen));
  try {
    const perPage = 25;
    const data = await api.get('/api/alerts', { ...filters, page: filters.page, per_page: perPage });
    if (gen !== generation) return;
    // Tells (tests, too) which filters the list on screen answers.
    out.dataset.loaded = location.hash;
    if (!data.alerts.length) {
      out.innerHTML = `<p class="muted">${esc(t('alerts.empty'))}</p>`;
      return;
    }
    const pages = Math.max(1, Math.ceil(data.total / data.per_page));
    out.innerHTML = `
      <p class="muted">${esc(t('alerts.total', { n: data.total }))}</p>
      <table id="alerts-table" class="list">
        <thead><tr><th>${esc(t('alerts.severity'))}</th><th>${esc(t('alerts.pattern'))}</th>
          <th>${esc(t('alerts.summary'))}</th><th>${esc(t('alerts.status'))}</th><th>${esc(t('alerts.last_seen'))}</th></tr></thead>
        <tbody>${data.alerts
          .map(
            (a) => `<tr data-id="${esc(a.id)}" tabindex="0">
              <td>${severityBadge(a.severity)}</td>
              <td>${esc(patternTitle(list, a.pattern))}</td>
              <td><a href="${hashFor(`/alerts/${encodeURIComponent(a.id)}`)}">${esc(pick(a.summary.zh, a.summary.en))}</a></td>
              <td>${statusBadge(a.status)}</td>
              <td>${esc(day(a.last_seen))}</td></tr>`,
          )
          .join('')}</tbody>
      </table>
      <nav class="pager">
        ${data.page > 1 ? `<a href="${hashFor('/alerts', { ...filters, page: data.page - 1 })}">${esc(t('alerts.prev'))}</a>` : ''}
        <span>${esc(t('alerts.page', { page: data.page, pages }))}</span>
        ${data.page < pages ? `<a href="${hashFor('/alerts', { ...filters, page: data.page + 1 })}">${esc(t('alerts.next'))}</a>` : ''}
      </nav>`;
    bulkTriage(out, helpers(gen));
    for (const row of out.querySelectorAll('tbody tr')) {
      const open = () => {
        location.hash = hashFor(`/alerts/${encodeURIComponent(row.dataset.id)}`);
      };
      row.addEventListener('click', (event) => {
        if (event.target.tagName !== 'A') open();
      });
      row.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') open();
      });
    }
  } catch (error) {
    showError(out, error);
  }
}

// ------------------------------------------------------------------ one alert

function evidenceGraph(alert) {
  const nodes = alert.evidence.nodes.map((n) => ({ id: n.id, kind: n.label, name: n.name || n.id }));
  const edges = alert.evidence.relationships.map((r, i) => ({
    id: `ev-${i}`,
    source: r.from,
    target: r.to,
    type: r.type,
    label: labelWords(r.label, r.type),
    label_en: labelWords(r.label, r.type),
    certain: r.type !== 'POSSIBLY_SAME_AS',
  }));
  return { nodes, edges };
}

function recordsTable(alert) {
  const names = Object.fromEntries(alert.evidence.nodes.map((n) => [n.id, n.name || n.id]));
  const rows = [];
  for (const n of alert.evidence.nodes) {
    rows.push({ file: n.source_file, line: n.source_line, what: `${kindWord(n.label)} ${entityLink(n.id, n.name)}` });
  }
  for (const r of alert.evidence.relationships) {
    const words = labelWords(r.label, r.type);
    rows.push({
      file: r.source_file,
      line: r.source_line,
      what: `${entityLink(r.from, names[r.from])} —${esc(words)}→ ${entityLink(r.to, names[r.to])}${r.source_file ? '' : esc(t('alert.derived'))}`,
    });
  }
  rows.sort((a, b) => String(a.file || '~').localeCompare(String(b.file || '~')) || (a.line || 0) - (b.line || 0));
  return `<table id="records" class="list">
    <thead><tr><th>${esc(t('alert.file'))}</th><th>${esc(t('alert.line'))}</th><th>${esc(t('alert.what'))}</th></tr></thead>
    <tbody>${rows
      .map((r) => `<tr><td>${esc(r.file || '—')}</td><td>${esc(r.line ?? '—')}</td><td>${r.what}</td></tr>`)
      .join('')}</tbody></table>`;
}

async function alertPage(id, gen) {
  setNav('alerts');
  app.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
  let alert;
  let list;
  try {
    [alert, list] = await Promise.all([api.get(`/api/alerts/${api.seg(id)}`), patterns()]);
  } catch (error) {
    if (gen === generation) showError(app, error);
    return;
  }
  if (gen !== generation) return;
  const names = Object.fromEntries(alert.evidence.nodes.map((n) => [n.id, n.name || n.id]));
  const history = (alert.history || [])
    .map((h) => `<li>${esc(day(h.at))} ${statusBadge(h.status || '')} ${esc(t('alert.by'))} ${esc(h.by || '')}${h.note ? ` — ${esc(h.note)}` : ''}</li>`)
    .join('');
  app.innerHTML = `
    <section id="alert-view" data-id="${esc(alert.id)}">
      <p><a href="#/alerts">${esc(t('alert.back'))}</a></p>
      <h1>${severityBadge(alert.severity)} ${esc(patternTitle(list, alert.pattern))} ${statusBadge(alert.status)}</h1>
      <p class="summary" lang="zh">${esc(alert.summary.zh)}</p>
      <p class="summary en" lang="en">${esc(alert.summary.en)}</p>
      <p class="muted">${esc(alert.id)} · ${esc(t('alerts.first_seen'))} ${esc(day(alert.first_seen))} · ${esc(t('alerts.last_seen'))} ${esc(day(alert.last_seen))}</p>
      <p>${esc(t('alert.subjects'))}: ${alert.subjects.map((s) => entityLink(s, names[s])).join('、')}</p>
      <div id="alert-cases"></div>
      <div class="two-col">
        <div>
          <h2>${esc(t('alert.evidence'))}</h2>
          <div id="evidence-graph" class="graph"></div>
          ${legendHtml()}
        </div>
        <div>
          <h2>${esc(t('alert.triage'))}</h2>
          <form id="triage-form" class="triage">
            <label>${esc(t('alerts.status'))}
              <select name="status">${['in_review', 'confirmed', 'dismissed', 'new']
                .map((s) => `<option value="${s}"${s === alert.status ? ' selected' : ''}>${esc(t(`status.${s}`))}</option>`)
                .join('')}</select></label>
            <label>${esc(t('alert.note'))}<textarea name="note" rows="3"></textarea></label>
            <button type="submit">${esc(t('alert.save'))}</button>
            <p id="triage-out" role="status"></p>
          </form>
          ${history ? `<h3>${esc(t('alert.history'))}</h3><ul class="history">${history}</ul>` : ''}
        </div>
      </div>
      <h2>${esc(t('alert.records'))}</h2>
      ${recordsTable(alert)}
    </section>`;
  document.getElementById('triage-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const out = document.getElementById('triage-out');
    out.className = '';
    out.textContent = t('loading');
    try {
      await api.post(`/api/alerts/${api.seg(id)}/triage`, { status: form.get('status'), note: form.get('note') || '' });
      out.textContent = t('alert.saved');
      out.className = 'ok';
      setTimeout(() => {
        if (gen === generation) route();
      }, 600);
    } catch (error) {
      out.textContent = errorText(error);
      out.className = 'error';
    }
  });
  alertCases(document.getElementById('alert-cases'), alert, helpers(gen));
  const container = document.getElementById('evidence-graph');
  try {
    await drawGraph(container, evidenceGraph(alert), {
      center: null,
      onDoubleTap: (node) => {
        location.hash = hashFor(`/entity/${encodeURIComponent(node)}`);
      },
    });
  } catch (error) {
    vendorFailed(container, error);
  }
}

// ------------------------------------------------------------------ search

async function searchPage(params, gen) {
  setNav('search');
  const q = params.q || '';
  app.innerHTML = `
    <section>
      <h1>${esc(t('search.title'))}</h1>
      <form id="search-form" class="filters">
        <input id="q" name="q" type="search" value="${esc(q)}" placeholder="${esc(t('search.placeholder'))}" size="40">
        <button type="submit">${esc(t('search.submit'))}</button>
      </form>
      <div id="search-out"></div>
    </section>`;
  document.getElementById('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = hashFor('/search', { q: document.getElementById('q').value.trim() });
  });
  const out = document.getElementById('search-out');
  if (!q) {
    document.getElementById('q').focus();
    return;
  }
  out.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
  try {
    const hits = await api.get('/api/search', { q });
    if (gen !== generation) return;
    if (!hits.length) {
      out.innerHTML = `<p class="muted">${esc(t('search.empty'))}</p>`;
      return;
    }
    out.innerHTML = `<table id="search-results" class="list">
      <thead><tr><th>${esc(t('search.kind'))}</th><th>${esc(t('search.name'))}</th><th>${esc(t('search.id'))}</th><th>${esc(t('search.context'))}</th></tr></thead>
      <tbody>${hits
        .map(
          (h) => `<tr><td>${esc(kindWord(h.kind))}</td><td>${entityLink(h.id, h.name)}</td><td class="mono">${esc(h.id)}</td><td>${esc(h.context || '')}</td></tr>`,
        )
        .join('')}</tbody></table>`;
  } catch (error) {
    showError(out, error);
  }
}

// ------------------------------------------------------------------ entity page + explorer

function propertiesTable(entity) {
  const hidden = new Set(['id', 'name', 'name_norm', 'address_norm', 'source_file', 'source_line', 'load_run', 'loaded_at', 'first_load_run']);
  const rows = Object.entries(entity.properties || {})
    .filter(([k, v]) => !hidden.has(k) && v !== null && v !== '')
    .map(([k, v]) => `<tr data-key="${esc(k)}"><th>${esc(k)}</th><td class="mono">${esc(typeof v === 'object' ? JSON.stringify(v) : v)}</td></tr>`)
    .join('');
  return `<table id="properties" class="kv">${rows}</table>`;
}

function section(title, items) {
  if (!items.length) return '';
  return `<h3>${esc(title)}</h3><ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
}

async function entityPage(id, gen) {
  setNav('search');
  app.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
  let entity;
  let hood;
  try {
    [entity, hood] = await Promise.all([
      api.get(`/api/entities/${api.seg(id)}`),
      api.get(`/api/entities/${api.seg(id)}/neighborhood`, { depth: 1, limit: 60 }),
    ]);
  } catch (error) {
    if (gen === generation) showError(app, error);
    return;
  }
  if (gen !== generation) return;
  const isOfficial = (entity.labels || []).includes('Official');
  const kind = isOfficial ? 'Official' : entity.kind;
  const prov = entity.provenance || {};
  const identity = (entity.identity || []).map(
    (l) =>
      `<span class="${l.certain ? 'id-certain' : 'id-possible'}">${esc(l.certain ? t('entity.same_as') : t('entity.possibly_same_as'))}</span> ${entityLink(l.id, l.name)}${l.basis ? ` (${esc(l.basis)})` : ''}${l.reason ? ` (${esc(l.reason)}${l.score != null ? `, ${Number(l.score).toFixed(2)}` : ''})` : ''}`,
  );
  const positions = (entity.positions || []).map(
    (p) => `${entityLink(p.person_id, p.person_name)} · ${esc(p.title || '')} · ${entityLink(p.org_id, p.org_name)} ${esc(p.start_date || '')}–${esc(p.end_date || '')}`,
  );
  const roles = (entity.company_roles || []).map(
    (r) => `${entityLink(r.id, r.name)} · ${esc(pick(r.role_zh, r.role_en))}${r.share_pct != null ? ` ${esc(r.share_pct)}%` : ''}`,
  );
  const kin = (entity.kin || []).map((k) => `${esc(pick(k.term_zh, k.term_en))}: ${entityLink(k.id, k.name)}`);
  const ties = (entity.ties || []).map(
    (k) => `${esc(pick(k.relation_zh, k.relation_en))}: ${entityLink(k.id, k.name)} <span class="muted">${esc(k.source_file || '')}:${esc(k.source_line ?? '')}</span>`,
  );
  const alerts = (entity.alerts || []).map(
    (a) => `${severityBadge(a.severity)} <a href="${hashFor(`/alerts/${encodeURIComponent(a.id)}`)}">${esc(pick(a.summary_zh, a.summary_en))}</a> ${statusBadge(a.status)}`,
  );
  app.innerHTML = `
    <section id="entity-view" data-id="${esc(entity.id)}">
      <h1><span class="kind kind-${esc(kind)}">${esc(kindWord(kind))}</span> ${esc(entity.name)} <small class="mono">${esc(entity.id)}</small></h1>
      <p><span id="entity-watch"></span> <a href="${hashFor('/paths', { from: entity.id })}">${esc(t('entity.paths_from'))}</a>
        · <a id="entity-timeline" href="${hashFor(`/timeline/${encodeURIComponent(entity.id)}`)}">${esc(t('timeline.link'))}</a>
        ${entity.kind === 'Org' ? ` · <a href="${hashFor(`/portrait/${encodeURIComponent(entity.id)}`)}">${esc(t('nav.portraits'))}</a> · <a href="${hashFor('/alerts', { org: entity.id })}">${esc(t('portraits.alerts'))}</a>` : ''}</p>
      <div class="two-col">
        <div>
          <h2>${esc(t('entity.properties'))}</h2>
          ${propertiesTable(entity)}
          <p class="muted">${esc(t('entity.provenance'))}: ${esc(prov.source_file || '—')}:${esc(prov.source_line ?? '—')} · ${esc(prov.load_run || '')}</p>
          ${section(t('entity.identity'), identity)}
          ${section(t('entity.positions'), positions)}
          ${section(t('entity.roles'), roles)}
          ${section(t('entity.kin'), kin)}
          ${section(t('entity.ties'), ties)}
          ${section(t('entity.alerts'), alerts)}
          <div id="entity-history"></div>
        </div>
        <div>
          <h2>${esc(t('entity.graph'))}</h2>
          <p class="muted">${esc(t('entity.graph_help'))}</p>
          <div id="explorer" class="graph tall"></div>
          <div id="explorer-selected" class="muted"></div>
          ${hood.truncated ? `<p class="muted">${esc(t('entity.truncated'))}</p>` : ''}
          ${legendHtml()}
        </div>
      </div>
    </section>`;
  // Not awaited: the graph is drawn while the history loads.
  historySection(document.getElementById('entity-history'), id, { esc, entityLink, showError, current: () => gen === generation });
  if (['Person', 'Company', 'Org'].includes(entity.kind)) watchButton(document.getElementById('entity-watch'), id, { esc, errorText });
  const container = document.getElementById('explorer');
  const selected = document.getElementById('explorer-selected');
  const expanded = new Set([id]);
  let handle;
  const expand = async (nodeId, node) => {
    selected.innerHTML = `${esc(node.data('name'))} <span class="mono">${esc(nodeId)}</span> · ${entityLink(nodeId, t('entity.open'))}`;
    if (expanded.has(nodeId)) return;
    expanded.add(nodeId);
    node.data('expanded', true);
    container.dataset.busy = '1';
    try {
      const more = await api.get(`/api/entities/${api.seg(nodeId)}/neighborhood`, { depth: 1, limit: 40 });
      handle.merge(more, nodeId);
    } catch (error) {
      expanded.delete(nodeId);
      selected.innerHTML += ` <span class="error">${esc(errorText(error))}</span>`;
    } finally {
      delete container.dataset.busy;
    }
  };
  try {
    handle = await drawGraph(container, hood, {
      center: id,
      officials: isOfficial ? [id] : [],
      onTap: expand,
      onDoubleTap: (nodeId) => {
        location.hash = hashFor(`/entity/${encodeURIComponent(nodeId)}`);
      },
    });
  } catch (error) {
    vendorFailed(container, error);
  }
}

// ------------------------------------------------------------------ link finder

// ------------------------------------------------------------------ router

/** The page helpers the screen modules (identity.js, overview.js, portraits.js, triage.js, tips.js, cases.js, paths.js, …) are given. */
function helpers(gen) {
  return { esc, errorText, showError, vendorFailed, entityLink, hashFor, kindWord, recordsTable, setNav, current: () => gen === generation, reload: route };
}

async function route() {
  const gen = ++generation;
  banner.hidden = true;
  translateChrome();
  refreshBadge();
  const { parts, params } = parseHash();
  if (!api.token()) {
    if (parts[0] !== 'signin') sessionStorage.setItem('guanxi.next', location.hash || '#/alerts');
    signInPage();
    return;
  }
  const [page, id] = parts;
  try {
    if (page === 'signin') signInPage();
    else if (page === 'alerts' && id) await alertPage(id, gen);
    else if (page === 'search') await searchPage(params, gen);
    else if (page === 'entity' && id) await entityPage(id, gen);
    else if (page === 'timeline' && id) { setNav('search'); await timelinePage(app, id, params, helpers(gen)); }
    else if (page === 'paths') await pathsPage(app, params, helpers(gen));
    else if (page === 'portraits' || (page === 'portrait' && id)) {
      setNav('portraits');
      if (id) await portraitPage(app, id, helpers(gen));
      else await portraitsPage(app, params, helpers(gen));
    }
    else if (page === 'watchlist') await watchlistPage(app, params, helpers(gen));
    else if (page === 'identity') {
      setNav('identity');
      await identityPage(app, params, helpers(gen));
    }
    else if (page === 'overview') {
      setNav('overview');
      await overviewPage(app, helpers(gen));
    }
    else if (page === 'tips') await (id ? tipPage(app, id, helpers(gen)) : tipsPage(app, params, helpers(gen)));
    else if (page === 'cases') await (id ? casePage(app, id, helpers(gen)) : casesPage(app, params, helpers(gen)));
    else await alertsPage(params, gen);
  } catch (error) {
    if (gen === generation) showError(app, error);
  }
}

api.hooks.unauthorized = () => {
  api.setToken(null);
  sessionStorage.setItem('guanxi.next', location.hash);
  location.hash = '#/signin';
};

document.getElementById('lang').addEventListener('click', () => {
  setLang(lang() === 'en' ? 'zh' : 'en');
  route();
});
document.getElementById('signout').addEventListener('click', () => {
  api.setToken(null);
  patternsCache = null;
  location.hash = '#/signin';
  route();
});
window.addEventListener('hashchange', route);
setLang(lang());
route();

// The link finder (#/paths?from=&to=&max_hops=): the shortest paths between two entities
// (GET /api/paths), written out step by step with the relationship words and drawn as one
// graph of their union. The two inputs suggest entities as one types (GET /api/search).
// Helpers (escaping, links, errors, the nav) come from app.js, so that this module holds
// only the screen.

import * as api from './api.js';
import { pick, t } from './i18n.js';
import { drawGraph, legendHtml } from './graph.js';

function suggest(input, listId, { esc, kindWord }) {
  let timer = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 1) return;
    timer = setTimeout(async () => {
      try {
        const hits = await api.get('/api/search', { q, limit: 10 });
        document.getElementById(listId).innerHTML = hits
          .map((h) => `<option value="${esc(h.id)}">${esc(h.name)} · ${esc(kindWord(h.kind))}${h.context ? ` · ${esc(h.context)}` : ''}</option>`)
          .join('');
      } catch {
        /* suggestions are a convenience */
      }
    }, 250);
  });
}

export async function pathsPage(app, params, h) {
  const { esc, kindWord, hashFor, showError, entityLink, vendorFailed } = h;
  h.setNav('paths');
  const from = params.from || '';
  const to = params.to || '';
  const maxHops = params.max_hops || '6';
  app.innerHTML = `
    <section>
      <h1>${esc(t('paths.title'))}</h1>
      <form id="paths-form" class="filters">
        <label>${esc(t('paths.from'))} <input id="from" name="from" list="from-list" value="${esc(from)}" required></label>
        <datalist id="from-list"></datalist>
        <label>${esc(t('paths.to'))} <input id="to" name="to" list="to-list" value="${esc(to)}" required></label>
        <datalist id="to-list"></datalist>
        <label>${esc(t('paths.max_hops'))} <input name="max_hops" type="number" min="1" max="8" value="${esc(maxHops)}"></label>
        <button type="submit">${esc(t('paths.submit'))}</button>
      </form>
      <p class="muted">${esc(t('paths.hint'))}</p>
      <div id="paths-out"></div>
    </section>`;
  suggest(document.getElementById('from'), 'from-list', h);
  suggest(document.getElementById('to'), 'to-list', h);
  document.getElementById('paths-form').addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = hashFor('/paths', Object.fromEntries(new FormData(event.currentTarget)));
  });
  if (!from || !to) return;
  const out = document.getElementById('paths-out');
  out.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
  let data;
  try {
    data = await api.get('/api/paths', { from, to, max_hops: maxHops });
  } catch (error) {
    if (h.current()) showError(out, error);
    return;
  }
  if (!h.current()) return;
  if (!data.paths.length) {
    out.innerHTML = `<p class="muted">${esc(data.note || t('paths.none'))}</p>`;
    return;
  }
  const lists = data.paths
    .map((p, i) => {
      const names = Object.fromEntries(p.nodes.map((n) => [n.id, n.name]));
      const steps = p.steps
        .map(
          (s) => `<li class="step">${entityLink(s.from, names[s.from])} <span class="rel">—${esc(pick(s.label_zh, s.label_en))}→</span> ${entityLink(s.to, names[s.to])}</li>`,
        )
        .join('');
      return `<div class="path"><h3>${esc(t('paths.path', { n: i + 1, len: p.length }))}</h3>
        <p class="path-text">${esc(pick(p.text_zh, p.text_en))}</p><ol class="steps">${steps}</ol></div>`;
    })
    .join('');
  out.innerHTML = `<div class="two-col"><div id="paths-list">${lists}</div>
    <div><div id="paths-graph" class="graph"></div>${legendHtml()}</div></div>`;
  // Draw the union of the paths: each step as an edge pointing the way it was walked.
  const nodes = new Map();
  const edges = new Map();
  for (const p of data.paths) {
    for (const n of p.nodes) nodes.set(n.id, n);
    for (const s of p.steps) {
      const key = `${s.from}|${s.type}|${s.to}`;
      edges.set(key, {
        id: key,
        source: s.from,
        target: s.to,
        type: s.type,
        label: s.label_zh,
        label_en: s.label_en,
        certain: s.type !== 'POSSIBLY_SAME_AS',
      });
    }
  }
  const container = document.getElementById('paths-graph');
  try {
    await drawGraph(container, { nodes: [...nodes.values()], edges: [...edges.values()] }, {
      center: from,
      onDoubleTap: (nodeId) => {
        location.hash = hashFor(`/entity/${encodeURIComponent(nodeId)}`);
      },
    });
  } catch (error) {
    vendorFailed(container, error);
  }
}

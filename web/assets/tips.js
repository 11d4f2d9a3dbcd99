// The tips inbox (信访举报): #/tips?q=&page= lists the tips, searched by text; #/tips/ID opens
// one (GET /api/tips/{id}): its text, the entities it names (links; a name two entities bear
// is shown with its candidates, never guessed), the alerts concerning them, and the paths
// between the officials and companies it names, as chains and as a graph. "立案/新建线索"
// opens a case prefilled with the tip, its entities and alerts (cases.js). Investigators and
// up: the API answers viewers 403 (a tip's text is a complainant's words), shown as its
// message. The page helpers (escaping, error words, links) come from app.js.

import * as api from './api.js';
import { addStrings, pick, t } from './i18n.js';
import { drawGraph, legendHtml } from './graph.js';
import { createCaseForm } from './cases.js';

addStrings(
  {
    'nav.tips': '线索', 'tips.title': '信访举报线索', 'tips.search': '举报内容包含', 'tips.submit': '搜索',
    'tips.empty': '没有符合条件的举报。', 'tips.received': '收到日期', 'tips.excerpt': '内容',
    'tips.matched': '点名对象', 'tips.ambiguous': '重名待辨', 'tips.back': '← 返回线索列表',
    'tips.entities': '举报点名的对象', 'tips.subject': '举报对象', 'tips.mentions': '文中提及',
    'tips.candidates': '“{name}”有多个同名对象，请核实：', 'tips.alerts': '相关预警',
    'tips.paths': '关系路径（干部 → 企业）', 'tips.no_paths': '没有找到干部与企业之间的关系路径。',
    'tips.no_alerts': '没有相关预警。', 'tips.posts': '任职', 'tips.born': '出生',
    'tips.create': '立案/新建线索', 'tips.case_title': '举报 {id}：{text}', 'tips.more': '另有 {n} 条路径',
  },
  {
    'nav.tips': 'Tips', 'tips.title': 'Tips inbox', 'tips.search': 'Text contains', 'tips.submit': 'Search',
    'tips.empty': 'No tips match.', 'tips.received': 'Received', 'tips.excerpt': 'Text',
    'tips.matched': 'Named', 'tips.ambiguous': 'Ambiguous', 'tips.back': '← Back to the tips',
    'tips.entities': 'Entities the tip names', 'tips.subject': 'subject', 'tips.mentions': 'mentioned as',
    'tips.candidates': '"{name}" names several entities; check which:', 'tips.alerts': 'Alerts concerning them',
    'tips.paths': 'Paths (official → company)', 'tips.no_paths': 'No path connects the officials and companies named.',
    'tips.no_alerts': 'No alerts.', 'tips.posts': 'posts', 'tips.born': 'born',
    'tips.create': 'Create case', 'tips.case_title': 'Tip {id}: {text}', 'tips.more': '{n} more paths',
  },
);

/** One path as a chain of linked steps (`王建国 —外甥女→ 赵丽 —法定代表人→ 红图广告`). */
function chainHtml(path, h) {
  const names = Object.fromEntries(path.nodes.map((n) => [n.id, n.name]));
  const steps = path.steps
    .map((s) => ` <span class="rel">—${h.esc(pick(s.label_zh, s.label_en))}→</span> ${h.entityLink(s.to, names[s.to])}`)
    .join('');
  return `<p class="chain">${h.entityLink(path.nodes[0].id, path.nodes[0].name)}${steps}</p>`;
}

/** Pairs of paths (`[{paths}]`): each pair's most telling chain, the others folded away. */
export function pairChains(groups, h) {
  return groups
    .map((g) => {
      const [first, ...more] = g.paths;
      const folded = more.length
        ? `<details class="more-paths"><summary>${h.esc(t('tips.more', { n: more.length }))}</summary>${more.map((p) => chainHtml(p, h)).join('')}</details>`
        : '';
      return first ? chainHtml(first, h) + folded : '';
    })
    .join('');
}

/** The union of paths as a graph to draw: each step an edge pointing the way it was walked. */
export function pathsGraph(paths) {
  const nodes = new Map();
  const edges = new Map();
  for (const p of paths) {
    for (const n of p.nodes) nodes.set(n.id, n);
    for (const s of p.steps) {
      const id = `${s.from}|${s.type}|${s.to}`;
      edges.set(id, { id, source: s.from, target: s.to, type: s.type, label: s.label_zh, label_en: s.label_en, certain: s.type !== 'POSSIBLY_SAME_AS' });
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** The inbox: `#/tips?q=&page=`. */
export async function tipsPage(root, params, h) {
  h.setNav('tips');
  const { esc, hashFor } = h;
  const q = params.q || '';
  const page = Math.max(1, Number(params.page || 1));
  root.innerHTML = `
    <section id="tips-view">
      <h1>${esc(t('tips.title'))}</h1>
      <form id="tips-form" class="filters">
        <label>${esc(t('tips.search'))} <input id="tips-q" name="q" value="${esc(q)}"></label>
        <button type="submit">${esc(t('tips.submit'))}</button>
      </form>
      <div id="tips-out"><p class="muted">${esc(t('loading'))}</p></div>
    </section>`;
  document.getElementById('tips-form').addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = hashFor('/tips', { q: document.getElementById('tips-q').value.trim() });
  });
  const out = document.getElementById('tips-out');
  let data;
  try {
    data = await api.get('/api/tips', { q, page, per_page: 50 });
  } catch (error) {
    if (h.current()) h.showError(out, error);
    return;
  }
  if (!h.current()) return;
  out.dataset.loaded = location.hash;
  if (!data.tips.length) {
    out.innerHTML = `<p class="muted">${esc(t('tips.empty'))}</p>`;
    return;
  }
  const pages = Math.max(1, Math.ceil(data.total / data.per_page));
  out.innerHTML = `
    <p class="muted">${esc(t('alerts.total', { n: data.total }))}</p>
    <table id="tips-table" class="list">
      <thead><tr><th>${esc(t('tips.received'))}</th><th>${esc(t('tips.excerpt'))}</th>
        <th>${esc(t('tips.matched'))}</th><th>${esc(t('tips.ambiguous'))}</th></tr></thead>
      <tbody>${data.tips
        .map(
          (tip) => `<tr data-id="${esc(tip.id)}"><td>${esc(tip.received_on || '')}</td>
            <td><a href="${hashFor(`/tips/${encodeURIComponent(tip.id)}`)}">${esc(tip.excerpt)}</a> <small class="mono">${esc(tip.id)}</small></td>
            <td>${esc(tip.matched)}</td><td>${esc(tip.ambiguous || '')}</td></tr>`,
        )
        .join('')}</tbody>
    </table>
    <nav class="pager">
      ${page > 1 ? `<a href="${hashFor('/tips', { q, page: page - 1 })}">${esc(t('alerts.prev'))}</a>` : ''}
      <span>${esc(t('alerts.page', { page, pages }))}</span>
      ${page < pages ? `<a href="${hashFor('/tips', { q, page: page + 1 })}">${esc(t('alerts.next'))}</a>` : ''}
    </nav>`;
}

/** An entity the tip names, with what tells it apart (posts, birth year, org above). */
function entityItem(e, h) {
  const posts = (e.posts || []).map((p) => `${p.org} ${p.title}`).join('、');
  const facts = [
    e.subject ? t('tips.subject') : '',
    e.mentions.length ? `${t('tips.mentions')} “${e.mentions.join('”“')}”` : '',
    e.birth_year ? `${t('tips.born')} ${e.birth_year}` : '',
    posts ? `${t('tips.posts')} ${posts}` : '',
    e.parent || '',
  ].filter(Boolean);
  return `<li data-id="${h.esc(e.id)}"><span class="kind kind-${h.esc(e.kind)}">${h.esc(t(`kind.${e.kind}`))}</span>
    ${h.entityLink(e.id, e.name)} <span class="muted">${h.esc(facts.join(' · '))}</span></li>`;
}

/** One tip opened: `#/tips/ID`. */
export async function tipPage(root, id, h) {
  h.setNav('tips');
  const { esc, hashFor } = h;
  root.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
  let tip;
  try {
    tip = await api.get(`/api/tips/${api.seg(id)}`);
  } catch (error) {
    if (h.current()) h.showError(root, error);
    return;
  }
  if (!h.current()) return;
  const ambiguous = tip.ambiguous
    .map((a) => `<div class="ambiguous"><p>${esc(t('tips.candidates', { name: a.mention }))}</p>
      <ul>${a.candidates.map((c) => entityItem(c, h)).join('')}</ul></div>`)
    .join('');
  const alerts = tip.alerts
    .map((a) => `<li data-id="${esc(a.id)}"><span class="badge sev-${esc(a.severity)}">${esc(t(`severity.${a.severity}`))}</span>
      <a href="${hashFor(`/alerts/${encodeURIComponent(a.id)}`)}">${esc(pick(a.summary.zh, a.summary.en))}</a>
      <span class="badge st-${esc(a.status)}">${esc(t(`status.${a.status}`))}</span></li>`)
    .join('');
  const paths = tip.paths.flatMap((group) => group.paths);
  root.innerHTML = `
    <section id="tip-view" data-id="${esc(tip.id)}">
      <p><a href="#/tips">${esc(t('tips.back'))}</a></p>
      <h1>${esc(tip.id)} <small>${esc(tip.received_on || '')}</small></h1>
      <blockquote class="tip-text" lang="zh">${esc(tip.text)}</blockquote>
      ${tip.notes.map((n) => `<p class="muted">${esc(n)}</p>`).join('')}
      <div id="tip-case"></div>
      <div class="two-col">
        <div>
          <h2>${esc(t('tips.entities'))}</h2>
          <ul id="tip-entities" class="plain">${tip.entities.map((e) => entityItem(e, h)).join('')}</ul>
          ${ambiguous}
          <h2>${esc(t('tips.alerts'))}</h2>
          ${alerts ? `<ul id="tip-alerts" class="plain">${alerts}</ul>` : `<p class="muted">${esc(t('tips.no_alerts'))}</p>`}
          <h2>${esc(t('tips.paths'))}</h2>
          <div id="tip-paths">${paths.length ? pairChains(tip.paths, h) : `<p class="muted">${esc(t('tips.no_paths'))}</p>`}</div>
        </div>
        <div>
          <div id="tip-graph" class="graph"></div>
          ${legendHtml()}
        </div>
      </div>
    </section>`;
  const excerpt = tip.text.length > 24 ? `${tip.text.slice(0, 24)}…` : tip.text;
  createCaseForm(document.getElementById('tip-case'), {
    title: t('tips.case_title', { id: tip.id, text: excerpt }),
    tips: [tip.id],
    entities: tip.entities.map((e) => e.id),
    alerts: tip.alerts.map((a) => a.id),
    label: t('tips.create'),
  }, h);
  const container = document.getElementById('tip-graph');
  if (!paths.length) {
    container.hidden = true;
    return;
  }
  try {
    await drawGraph(container, pathsGraph(paths), {
      onDoubleTap: (node) => {
        location.hash = hashFor(`/entity/${encodeURIComponent(node)}`);
      },
    });
  } catch (error) {
    container.innerHTML = `<p class="error">${esc(error.message)}</p>`;
  }
}

// The county overview (#/overview, the page's first screen): alerts by pattern, severity
// and status per month (ECharts stacked bars), the org hierarchy (county → towns →
// villages) as a treemap coloured by the calibrated portrait level with a click through to
// the org's radar (#/portrait/ID), and the ten riskiest orgs; all from GET /api/overview
// within the caller's scope (viewers get the same aggregates). Also the portraits page's
// region picker (GET /api/regions). The page helpers come from app.js in `h`.

import * as api from './api.js';
import { echartsLib } from './graph.js';
import { addStrings, pick, t } from './i18n.js';

addStrings(
  {
    'nav.overview': '总览', 'overview.title': '总览', 'overview.total': '预警共 {n} 条',
    'overview.by_pattern': '按模式', 'overview.by_severity': '按严重程度', 'overview.by_status': '按状态',
    'overview.tree': '单位层级（颜色为画像风险等级，点击查看画像）', 'overview.top': '风险最高的单位',
    'overview.alerts': '预警数', 'overview.empty': '暂无预警。', 'portraits.pick': '请选择地区',
  },
  {
    'nav.overview': 'Overview', 'overview.title': 'Overview', 'overview.total': '{n} alerts in all',
    'overview.by_pattern': 'By pattern', 'overview.by_severity': 'By severity', 'overview.by_status': 'By status',
    'overview.tree': 'Org hierarchy (colour: portrait risk level; click for the portrait)', 'overview.top': 'Riskiest orgs',
    'overview.alerts': 'Alerts', 'overview.empty': 'No alerts yet.', 'portraits.pick': 'Choose a region',
  },
);

/** The colour of a risk level (the legend of the treemap and the table). */
const LEVEL_COLOUR = { high: '#e57373', medium: '#ffb74d', low: '#81c784' };

/** The words of a series key: a pattern's title, a severity or a status. */
function keyWords(kind, key, patterns) {
  if (kind === 'by_pattern') {
    const p = patterns.find((x) => x.id === key);
    return p ? pick(p.title_zh, p.title_en) : key;
  }
  return t(`${kind === 'by_severity' ? 'severity' : 'status'}.${key}`);
}

/** A stacked bar chart of one breakdown (series per key over the months). */
function barOption(data, kind, patterns) {
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { top: 40, left: 40, right: 10, bottom: 30 },
    xAxis: { type: 'category', data: data.months },
    yAxis: { type: 'value', minInterval: 1 },
    series: data[kind].map((s) => ({
      type: 'bar',
      stack: 'all',
      name: keyWords(kind, s.key, patterns),
      data: s.counts,
    })),
  };
}

/** The org tree of the treemap: roots are orgs without a visible parent. */
function orgTree(orgs) {
  const nodes = new Map(
    orgs.map((o) => [
      o.id,
      {
        name: o.name,
        org: o.id,
        value: o.alerts + 1,
        level: o.level,
        itemStyle: { color: LEVEL_COLOUR[o.level] || '#ccc' },
        children: [],
      },
    ]),
  );
  const roots = [];
  for (const o of orgs) {
    const node = nodes.get(o.id);
    if (o.parent && nodes.has(o.parent)) nodes.get(o.parent).children.push(node);
    else roots.push(node);
  }
  // A parent's own box: ECharts sizes a parent by its children, so an org with children
  // gets a child box of its own to click.
  for (const node of nodes.values()) {
    if (node.children.length) node.children.unshift({ ...node, children: [], name: `${node.name} ·` });
    else delete node.children;
  }
  return roots;
}

/** Renders the overview into `root`. */
export async function overviewPage(root, h) {
  const { esc, hashFor } = h;
  root.innerHTML = `<section id="overview-view"><h1>${esc(t('overview.title'))}</h1><p class="muted">${esc(t('loading'))}</p></section>`;
  let data;
  let patterns;
  try {
    [data, patterns] = await Promise.all([api.get('/api/overview'), api.get('/api/patterns')]);
  } catch (error) {
    if (h.current()) h.showError(root, error);
    return;
  }
  if (!h.current()) return;
  const level = (l) => `<span class="badge" style="background:${LEVEL_COLOUR[l]}">${esc(t(`level.${l}`))}</span>`;
  root.innerHTML = `
    <section id="overview-view">
      <h1>${esc(t('overview.title'))}</h1>
      <p class="muted" id="overview-total">${esc(t('overview.total', { n: data.total }))}</p>
      <div class="three-col">
        ${['by_pattern', 'by_severity', 'by_status']
          .map((k) => `<div><h2>${esc(t(`overview.${k}`))}</h2><div id="chart-${k}" class="chart small"></div></div>`)
          .join('')}
      </div>
      <div class="two-col">
        <div><h2>${esc(t('overview.tree'))}</h2><div id="overview-tree" class="chart"></div>
          <p class="legend">${['high', 'medium', 'low'].map(level).join(' ')}</p></div>
        <div><h2>${esc(t('overview.top'))}</h2>
          <table id="overview-top" class="list">
            <thead><tr><th>${esc(t('portraits.org'))}</th><th>${esc(t('portraits.kind'))}</th><th>${esc(t('portraits.overall'))}</th>
              <th>${esc(t('portraits.level'))}</th><th>${esc(t('overview.alerts'))}</th></tr></thead>
            <tbody>${data.top
              .map(
                (o) => `<tr data-org="${esc(o.id)}"><td><a href="${hashFor(`/portrait/${encodeURIComponent(o.id)}`)}">${esc(o.name)}</a></td>
                  <td>${esc(t(`orgkind.${o.kind}`))}</td><td>${esc(o.overall)}</td><td>${level(o.level)}</td>
                  <td><a href="${hashFor('/alerts', { org: o.id })}">${esc(o.alerts)}</a></td></tr>`,
              )
              .join('')}</tbody></table></div>
      </div>
    </section>`;
  let echarts;
  try {
    echarts = await echartsLib();
  } catch (error) {
    h.vendorFailed(root.querySelector('#overview-tree'), error);
    return;
  }
  if (!h.current()) return;
  for (const kind of ['by_pattern', 'by_severity', 'by_status']) {
    const el = root.querySelector(`#chart-${kind}`);
    const chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(barOption(data, kind, patterns));
    el.dataset.series = String(data[kind].length);
  }
  const tree = root.querySelector('#overview-tree');
  const chart = echarts.init(tree, null, { renderer: 'canvas' });
  chart.setOption({
    animation: false,
    tooltip: {
      formatter: (p) => `${esc(p.data.name)}<br>${esc(t(`level.${p.data.level}`))} · ${esc(t('overview.alerts'))} ${p.data.value - 1}`,
    },
    series: [
      {
        type: 'treemap',
        roam: false,
        nodeClick: false,
        breadcrumb: { show: false },
        leafDepth: null,
        label: { show: true, formatter: '{b}' },
        upperLabel: { show: true, height: 20 },
        levels: [{ itemStyle: { borderWidth: 3, gapWidth: 3 } }, { itemStyle: { gapWidth: 2 } }, { itemStyle: { gapWidth: 1 } }],
        data: orgTree(data.orgs),
      },
    ],
  });
  chart.on('click', (p) => {
    if (p.data && p.data.org) location.hash = hashFor(`/portrait/${encodeURIComponent(p.data.org)}`);
  });
  tree.chart = chart;
  tree.dataset.orgs = String(data.orgs.length);
}

/**
 * Fills the portraits page's region `select` with the regions present (GET /api/regions),
 * `current` selected; changing it opens that region's table through `onPick(region)`.
 */
export async function regionPicker(select, current, onPick, h) {
  let regions = [];
  try {
    regions = await api.get('/api/regions');
  } catch (error) {
    select.insertAdjacentHTML('afterend', `<span class="error">${h.esc(h.errorText(error))}</span>`);
    return;
  }
  const { esc } = h;
  const list = current && !regions.includes(current) ? [current, ...regions] : regions;
  select.innerHTML = `<option value="">${esc(t('portraits.pick'))}</option>${list
    .map((r) => `<option value="${esc(r)}"${r === current ? ' selected' : ''}>${esc(r)}</option>`)
    .join('')}`;
  select.addEventListener('change', () => onPick(select.value));
}

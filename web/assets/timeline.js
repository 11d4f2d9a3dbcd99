// The timeline page (#/timeline/ID?from=&to=): the dated events around a person, org,
// company or case (GET /api/timeline/{id}) on one time axis drawn with ECharts, one row per
// kind of event (posts and roles as bars from start to end, the rest as points), a
// date-range filter (two date inputs that ask the API again, and the chart's dataZoom
// slider), and the list of events below. Helpers (escaping, error words, entity links) come
// from app.js, so that this module holds only the screen; its words are added here.

import * as api from './api.js';
import { addStrings, lang, pick, t } from './i18n.js';
import { echartsLib } from './graph.js';

addStrings(
  {
    'timeline.link': '时间线 Timeline', 'timeline.title': '时间线', 'timeline.from': '起始日期',
    'timeline.to': '截止日期', 'timeline.apply': '筛选', 'timeline.clear': '清除',
    'timeline.empty': '此范围内没有事件。', 'timeline.date': '日期', 'timeline.kind': '类别',
    'timeline.what': '事件', 'timeline.about': '涉及', 'timeline.back': '← 返回实体页',
    'timeline.count': '共 {n} 个事件', 'timeline.open': '至今',
    'event.post': '任职', 'event.role': '企业任职', 'event.kin': '亲属', 'event.contract': '合同',
    'event.payment': '付款', 'event.tip': '举报', 'event.alert': '预警', 'event.triage': '研判',
    'event.case_status': '案件状态', 'event.case_note': '案件记录',
  },
  {
    'timeline.link': '时间线 Timeline', 'timeline.title': 'Timeline', 'timeline.from': 'From',
    'timeline.to': 'To', 'timeline.apply': 'Filter', 'timeline.clear': 'Clear',
    'timeline.empty': 'No events in this range.', 'timeline.date': 'Date', 'timeline.kind': 'Kind',
    'timeline.what': 'Event', 'timeline.about': 'About', 'timeline.back': '← Back to the entity',
    'timeline.count': '{n} events', 'timeline.open': 'ongoing',
    'event.post': 'Post', 'event.role': 'Company role', 'event.kin': 'Kin', 'event.contract': 'Contract',
    'event.payment': 'Payment', 'event.tip': 'Tip', 'event.alert': 'Alert', 'event.triage': 'Triage',
    'event.case_status': 'Case status', 'event.case_note': 'Case note',
  },
);

/** The rows of the chart, in the order of the API's kinds (`timeline::EventKind`). */
const KINDS = ['post', 'role', 'kin', 'contract', 'payment', 'tip', 'alert', 'triage', 'case_status', 'case_note'];
const COLORS = {
  post: '#3b7dd8', role: '#8e44ad', kin: '#c0392b', contract: '#e67e22', payment: '#16a085',
  tip: '#7f8c8d', alert: '#d35400', triage: '#2c3e50', case_status: '#27ae60', case_note: '#95a5a6',
};
const SPANS = new Set(['post', 'role']);

const ms = (date) => Date.parse(`${date}T00:00:00Z`);

/** The list below the chart: one row per event, oldest first. */
function listHtml(events, h) {
  const { esc, entityLink, hashFor } = h;
  if (!events.length) return `<p class="muted">${esc(t('timeline.empty'))}</p>`;
  const rows = events.map((e) => {
    const about = [];
    if (e.alert) about.push(`<a href="${hashFor(`/alerts/${encodeURIComponent(e.alert)}`)}">${esc(e.alert)}</a>`);
    if (e.case) about.push(`<span class="mono">${esc(e.case)}</span>`);
    if (e.tip) about.push(`<span class="mono">${esc(e.tip)}</span>`);
    about.push(...(e.entities || []).slice(0, 6).map((id) => entityLink(id, id)));
    const end = e.end_date ? ` – ${esc(e.end_date)}` : SPANS.has(e.kind) ? ` – ${esc(t('timeline.open'))}` : '';
    return `<tr data-kind="${esc(e.kind)}" data-date="${esc(e.date)}">
      <td class="mono">${esc(e.date)}${end}</td>
      <td><span class="badge" style="border-left:4px solid ${COLORS[e.kind] || '#999'}">${esc(t(`event.${e.kind}`))}</span></td>
      <td>${esc(pick(e.title_zh, e.title_en))}${e.text ? `<div class="muted">${esc(e.text)}</div>` : ''}</td>
      <td>${about.join(' ')}</td>
    </tr>`;
  });
  return `<table id="timeline-list" class="list"><thead><tr>
      <th>${esc(t('timeline.date'))}</th><th>${esc(t('timeline.kind'))}</th>
      <th>${esc(t('timeline.what'))}</th><th>${esc(t('timeline.about'))}</th>
    </tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Draws the events on one time axis, one row per kind present. */
async function drawChart(container, events, range) {
  const echarts = await echartsLib();
  const kinds = KINDS.filter((k) => events.some((e) => e.kind === k));
  const row = (k) => kinds.indexOf(k);
  const today = Date.now();
  const spans = events
    .filter((e) => SPANS.has(e.kind))
    .map((e) => ({ value: [ms(e.date), e.end_date ? ms(e.end_date) : today, row(e.kind)], title: pick(e.title_zh, e.title_en), kind: e.kind }));
  const points = events
    .filter((e) => !SPANS.has(e.kind))
    .map((e) => ({ value: [ms(e.date), row(e.kind)], title: pick(e.title_zh, e.title_en), kind: e.kind, itemStyle: { color: COLORS[e.kind] } }));
  const chart = echarts.init(container, null, { renderer: 'canvas' });
  chart.setOption({
    animation: false,
    grid: { left: 90, right: 30, top: 20, bottom: 70 },
    tooltip: {
      trigger: 'item',
      formatter: (p) => `${new Date(p.value[0]).toISOString().slice(0, 10)}<br>${String(p.data.title).replace(/</g, '&lt;')}`,
    },
    // A range asked for is the axis (a post held since 2008 does not stretch it).
    xAxis: { type: 'time', min: range.from ? ms(range.from) : undefined, max: range.to ? ms(range.to) : undefined },
    yAxis: {
      type: 'category',
      data: kinds.map((k) => t(`event.${k}`)),
      inverse: true,
      axisLabel: { fontSize: 12 },
    },
    // weakFilter: a span that starts before the window and ends in or after it stays drawn.
    dataZoom: [
      { type: 'slider', xAxisIndex: 0, bottom: 15, filterMode: 'weakFilter' },
      { type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter' },
    ],
    series: [
      {
        type: 'custom',
        name: 'spans',
        encode: { x: [0, 1], y: 2 },
        renderItem: (params, a) => {
          const start = a.coord([a.value(0), a.value(2)]);
          const end = a.coord([a.value(1), a.value(2)]);
          const height = a.size([0, 1])[1] * 0.4;
          const kind = spans[params.dataIndex].kind;
          // Cut to the plot: a post held since 2008 still shows within a 2015 range.
          const box = params.coordSys;
          const left = Math.max(start[0], box.x);
          const right = Math.min(end[0], box.x + box.width);
          if (right < left) return null;
          return {
            type: 'rect',
            shape: { x: left, y: start[1] - height / 2, width: Math.max(right - left, 3), height },
            style: { fill: COLORS[kind], opacity: 0.75 },
          };
        },
        data: spans,
      },
      { type: 'scatter', name: 'events', symbolSize: 11, data: points },
    ],
  });
  container.dataset.events = String(events.length);
  container.dataset.rows = String(kinds.length);
  new ResizeObserver(() => chart.resize()).observe(container);
  return chart;
}

/** Fills `app` with the timeline of `id`, cut to `params.from` … `params.to`. */
export async function timelinePage(app, id, params, h) {
  const { esc, hashFor } = h;
  app.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
  const line = await api.get(`/api/timeline/${api.seg(id)}`, { from: params.from, to: params.to });
  if (!h.current()) return;
  const events = line.events || [];
  const back = line.kind === 'Case' ? '' : `<a href="${hashFor(`/entity/${encodeURIComponent(line.id)}`)}">${esc(t('timeline.back'))}</a>`;
  app.innerHTML = `
    <section id="timeline-view" data-id="${esc(line.id)}" lang="${lang() === 'en' ? 'en' : 'zh'}">
      <p>${back}</p>
      <h1>${esc(t('timeline.title'))} · ${esc(line.name)} <small class="mono">${esc(line.id)}</small></h1>
      <form id="timeline-filter" class="filters">
        <label>${esc(t('timeline.from'))} <input id="timeline-from" name="from" type="date" value="${esc(params.from || '')}"></label>
        <label>${esc(t('timeline.to'))} <input id="timeline-to" name="to" type="date" value="${esc(params.to || '')}"></label>
        <button id="timeline-apply" type="submit">${esc(t('timeline.apply'))}</button>
        <button id="timeline-clear" type="button">${esc(t('timeline.clear'))}</button>
        <span class="muted" id="timeline-count">${esc(t('timeline.count', { n: events.length }))}</span>
      </form>
      <div id="timeline-chart" class="graph" style="height:${Math.max(220, 60 + 44 * new Set(events.map((e) => e.kind)).size)}px"></div>
      <div id="timeline-out">${listHtml(events, h)}</div>
    </section>`;
  const form = app.querySelector('#timeline-filter');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const from = form.elements.from.value;
    const to = form.elements.to.value;
    location.hash = hashFor(`/timeline/${encodeURIComponent(id)}`, { from, to });
  });
  app.querySelector('#timeline-clear').addEventListener('click', () => {
    location.hash = hashFor(`/timeline/${encodeURIComponent(id)}`);
  });
  const chart = app.querySelector('#timeline-chart');
  if (events.length) {
    try {
      await drawChart(chart, events, params);
    } catch (error) {
      if (h.current()) h.vendorFailed(chart, error);
    }
  }
  // What the browser tests wait for: this hash's answer is drawn.
  app.querySelector('#timeline-view').dataset.loaded = location.hash;
}

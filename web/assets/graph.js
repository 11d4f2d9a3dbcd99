// Graph drawing with cytoscape.js and charts with Apache ECharts. Both libraries are served
// by guanxi at /vendor/... (installed from npm at build time and embedded in the binary) and
// loaded only when a page needs them.

import { lang, t } from './i18n.js';

const loaded = new Map();

/** Loads a classic script once; resolves when it ran. */
export function loadScript(src) {
  if (!loaded.has(src)) {
    loaded.set(src, new Promise((resolve, reject) => {
      const el = document.createElement('script');
      el.src = src;
      el.async = true;
      el.onload = () => resolve();
      el.onerror = () => {
        loaded.delete(src);
        reject(new Error(`${src} could not be loaded`));
      };
      document.head.append(el);
    }));
  }
  return loaded.get(src);
}

export async function cytoscapeLib() {
  await loadScript('/vendor/cytoscape.min.js');
  return window.cytoscape;
}

export async function echartsLib() {
  await loadScript('/vendor/echarts.min.js');
  return window.echarts;
}

/** Colour and shape per kind. Officials are people holding a post (drawn apart). */
export const KIND_STYLE = {
  Official: { color: '#c0392b', shape: 'diamond' },
  Person: { color: '#3b7dd8', shape: 'ellipse' },
  Company: { color: '#e67e22', shape: 'round-rectangle' },
  Org: { color: '#27ae60', shape: 'hexagon' },
  Contract: { color: '#8e44ad', shape: 'rectangle' },
  Payment: { color: '#16a085', shape: 'triangle' },
  Tip: { color: '#7f8c8d', shape: 'octagon' },
  Entity: { color: '#95a5a6', shape: 'ellipse' },
};

/** Words for relationship types that come without a label (evidence of some alerts). */
const TYPE_WORDS = {
  AWARDED_BY: ['采购方', 'bought by'],
  AWARDED_TO: ['中标方', 'awarded to'],
  APPROVED_BY: ['审批人', 'approved by'],
  BID_ON: ['投标', 'bid on'],
  PAID: ['付款', 'paid'],
  PAID_TO: ['收款方', 'paid to'],
  HANDLED_BY: ['经手人', 'handled by'],
  SETTLES: ['结算', 'settles'],
  OWNED_BY: ['所属单位', 'owned by'],
  PART_OF: ['隶属', 'part of'],
  NAMES: ['举报对象', 'names'],
  SAME_AS: ['同一', 'same as'],
  POSSIBLY_SAME_AS: ['疑似同一', 'possibly same as'],
  PARENT_OF: ['父母→子女', 'parent of'],
  SPOUSE_OF: ['配偶', 'spouse of'],
  SIBLING_OF: ['兄弟姐妹', 'sibling of'],
  HOLDS_POST: ['任职', 'holds a post at'],
  ROLE_IN: ['任职', 'role in'],
  KIN: ['亲属', 'relative'],
};

/** Words for the codes some evidence labels carry (company roles, identity bases). */
const CODE_WORDS = {
  legal_rep: ['法定代表人', 'legal representative'],
  shareholder: ['股东', 'shareholder'],
  director: ['董事', 'director'],
  supervisor: ['监事', 'supervisor'],
  manager: ['经理', 'manager'],
  id_number: ['同一身份证号', 'same ID number'],
  name_birth_date: ['同名同生日', 'same name and birth date'],
  credit_code: ['同一信用代码', 'same credit code'],
  review: ['核查确认同一人', 'confirmed in review'],
};

/** An evidence label in plain words: known codes translated, other words as they are. */
export function labelWords(label, type) {
  if (!label) return typeWords(type);
  const words = CODE_WORDS[label];
  if (!words) return label;
  return lang() === 'en' ? words[1] : words[0];
}

export function typeWords(type) {
  const words = TYPE_WORDS[type];
  if (!words) return type;
  return lang() === 'en' ? words[1] : words[0];
}

function style() {
  const rules = [
    {
      selector: 'node',
      style: {
        label: 'data(name)',
        'font-size': 11,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'ellipsis',
        'text-max-width': 120,
        color: '#222',
        'background-color': KIND_STYLE.Entity.color,
        width: 26,
        height: 26,
        'border-width': 1,
        'border-color': '#fff',
      },
    },
  ];
  for (const [kind, s] of Object.entries(KIND_STYLE)) {
    rules.push({ selector: `node[kind = "${kind}"]`, style: { 'background-color': s.color, shape: s.shape } });
  }
  rules.push(
    { selector: 'node[?center]', style: { width: 36, height: 36, 'border-width': 3, 'border-color': '#f1c40f' } },
    { selector: 'node[?expanded]', style: { 'border-width': 2, 'border-color': '#34495e' } },
    { selector: 'node:selected', style: { 'overlay-color': '#f1c40f', 'overlay-opacity': 0.3 } },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'line-color': '#9aa5b1',
        'target-arrow-color': '#9aa5b1',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        'curve-style': 'bezier',
        label: 'data(text)',
        'font-size': 9,
        color: '#34495e',
        'text-rotation': 'autorotate',
        'text-background-color': '#fff',
        'text-background-opacity': 0.85,
        'text-background-padding': 1,
      },
    },
    { selector: 'edge[type = "KIN"]', style: { 'line-color': '#c0392b', 'target-arrow-color': '#c0392b', width: 2 } },
    // Identity links: certain ones solid, double and thick; possible ones dashed.
    {
      selector: 'edge.same-as',
      style: {
        'line-style': 'double',
        width: 6,
        'line-color': '#2c3e50',
        'target-arrow-shape': 'none',
      },
    },
    {
      selector: 'edge.possibly-same-as',
      style: {
        'line-style': 'dashed',
        'line-dash-pattern': [6, 4],
        width: 2,
        'line-color': '#7f8c8d',
        'target-arrow-shape': 'none',
      },
    },
  );
  return rules;
}

/** A cytoscape edge element from an API edge `{id, source, target, type, label, label_en, certain}`. */
function edgeElement(edge) {
  const text = (lang() === 'en' ? edge.label_en || edge.label : edge.label) || typeWords(edge.type);
  const classes = [];
  if (edge.type === 'SAME_AS') classes.push('same-as');
  if (edge.type === 'POSSIBLY_SAME_AS' || edge.certain === false) classes.push('possibly-same-as');
  return {
    group: 'edges',
    data: {
      id: edge.id || `${edge.source}|${edge.type}|${edge.target}`,
      source: edge.source,
      target: edge.target,
      type: edge.type,
      text,
    },
    classes: classes.join(' '),
  };
}

function nodeElement(node) {
  return { group: 'nodes', data: { id: node.id, name: node.name || node.id, kind: node.kind || 'Entity', apiKind: node.kind } };
}

/** People who hold a post in the drawn graph are officials. */
function markOfficials(cy) {
  cy.edges('[type = "HOLDS_POST"]').forEach((e) => {
    const person = e.source();
    if (person.data('apiKind') === 'Person') person.data('kind', 'Official');
  });
}

function publish(container, cy) {
  container.dataset.nodes = String(cy.nodes().length);
  container.dataset.edges = String(cy.edges().length);
}

/**
 * Draws `{nodes, edges}` in `container`; returns a handle with `merge({nodes, edges})`.
 * `officials` lists ids known to be officials (an entity page knows from its labels).
 */
export async function drawGraph(container, graph, { center, officials = [], onTap, onDoubleTap } = {}) {
  const cytoscape = await cytoscapeLib();
  const cy = cytoscape({
    container,
    elements: [],
    style: style(),
    wheelSensitivity: 0.3,
    minZoom: 0.2,
    maxZoom: 3,
  });
  const known = new Set(officials);
  const add = ({ nodes = [], edges = [] }) => {
    const fresh = [];
    for (const n of nodes) {
      if (cy.getElementById(n.id).nonempty()) continue;
      const el = nodeElement(n);
      if (n.id === center) el.data.center = true;
      if (known.has(n.id) && n.kind === 'Person') el.data.kind = 'Official';
      fresh.push(el);
    }
    cy.add(fresh);
    const edgeEls = [];
    for (const e of edges) {
      const el = edgeElement(e);
      if (cy.getElementById(el.data.id).nonempty()) continue;
      if (cy.getElementById(e.source).empty() || cy.getElementById(e.target).empty()) continue;
      edgeEls.push(el);
    }
    cy.add(edgeEls);
    markOfficials(cy);
    return fresh.length + edgeEls.length;
  };
  // A small graph is not blown up to fill the box: at most 1.2× zoom, centred.
  const settle = () => {
    if (cy.zoom() > 1.2) {
      cy.zoom(1.2);
      cy.center();
    }
  };
  const layout = (animate, randomize = false) => {
    const run = cy.layout({
      name: 'cose',
      animate,
      animationDuration: 400,
      randomize,
      nodeRepulsion: () => 400000,
      idealEdgeLength: () => 110,
      edgeElasticity: () => 100,
      nodeOverlap: 20,
      gravity: 40,
      nodeDimensionsIncludeLabels: true,
      componentSpacing: 60,
      padding: 30,
    });
    run.one('layoutstop', settle);
    run.run();
  };
  add(graph);
  layout(false, true);
  publish(container, cy);
  if (onTap) cy.on('tap', 'node', (event) => onTap(event.target.id(), event.target));
  if (onDoubleTap) cy.on('dbltap', 'node', (event) => onDoubleTap(event.target.id(), event.target));
  container.cy = cy;
  return {
    cy,
    /** Adds what is new, places it near `around`, and lays the graph out again. */
    merge(more, around) {
      const origin = around ? cy.getElementById(around).position() : null;
      const before = cy.nodes().length;
      add(more);
      if (origin) {
        cy.nodes().forEach((n) => {
          if (!n.data('placed')) {
            n.data('placed', true);
            if (n.id() !== around && n.degree() <= 1 && before > 0) {
              n.position({ x: origin.x + (Math.random() - 0.5) * 80, y: origin.y + (Math.random() - 0.5) * 80 });
            }
          }
        });
      }
      layout(true);
      publish(container, cy);
      return cy.nodes().length - before;
    },
  };
}

/** The legend of kinds and identity links, as HTML. */
export function legendHtml() {
  const kinds = ['Official', 'Person', 'Company', 'Org', 'Contract', 'Payment'];
  const shapes = { diamond: '◆', ellipse: '●', 'round-rectangle': '▬', hexagon: '⬢', rectangle: '■', triangle: '▲', octagon: '⯃' };
  const items = kinds.map((k) => {
    const s = KIND_STYLE[k];
    return `<span class="legend-item"><span style="color:${s.color}">${shapes[s.shape]}</span> ${t(`kind.${k}`)}</span>`;
  });
  items.push(`<span class="legend-item"><span class="line-double"></span> ${t('entity.same_as')}</span>`);
  items.push(`<span class="legend-item"><span class="line-dashed"></span> ${t('entity.possibly_same_as')}</span>`);
  return `<div class="legend">${items.join('')}</div>`;
}

/** A radar chart of a portrait's dimensions (0–100) in `container`. */
export async function drawRadar(container, portrait) {
  const echarts = await echartsLib();
  const chart = echarts.init(container, null, { renderer: 'canvas' });
  const en = lang() === 'en';
  chart.setOption({
    animation: false,
    tooltip: {},
    radar: {
      indicator: portrait.dimensions.map((d) => ({ name: en ? d.name_en : d.name_zh, max: 100 })),
      radius: '65%',
      axisName: { color: '#333', fontSize: 12 },
    },
    series: [
      {
        type: 'radar',
        areaStyle: { opacity: 0.25 },
        data: [{ value: portrait.dimensions.map((d) => d.score), name: portrait.name }],
      },
    ],
  });
  container.chart = chart;
  container.dataset.dimensions = String(portrait.dimensions.length);
  return chart;
}

// Portraits (#/portraits?region=, #/portrait/ID): a region's orgs coloured by risk, the
// region picked among those present (overview.js's picker), and one org's radar chart with
// its dimensions. Moved out of app.js; the page helpers come from app.js in `h`
// (`esc`, `hashFor`, `showError`, `vendorFailed`, `entityLink`, `current()`), and `app` is
// the element the page is drawn into.

import * as api from './api.js';
import { drawRadar } from './graph.js';
import { pick, t } from './i18n.js';
import { regionPicker } from './overview.js';

/** A score's background: 0 green, 50 amber, 100 red. */
function riskColour(score) {
  // 0 → green, 50 → amber, 100 → red.
  const hue = Math.round(120 - (Math.max(0, Math.min(100, score)) * 120) / 100);
  return `hsl(${hue}, 70%, 85%)`;
}

/** A region's table of portraits, the region picked among those present. */
export async function portraitsPage(app, params, h) {
  const { esc, hashFor, showError } = h;
  const region = params.region || localStorage.getItem('guanxi.region') || '';
  app.innerHTML = `
    <section>
      <h1>${esc(t('portraits.title'))}</h1>
      <form id="region-form" class="filters">
        <label>${esc(t('portraits.region'))} <select id="region" name="region"></select></label>
      </form>
      <div id="region-out"></div>
    </section>`;
  regionPicker(document.getElementById('region'), region, (r) => {
    location.hash = hashFor('/portraits', { region: r });
  }, h);
  const out = document.getElementById('region-out');
  if (!region) {
    out.innerHTML = `<p class="muted">${esc(t('portraits.ask'))}</p>`;
    return;
  }
  out.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
  try {
    const list = await api.get(`/api/regions/${api.seg(region)}/portraits`);
    if (!h.current()) return;
    localStorage.setItem('guanxi.region', region);
    if (!list.length) {
      out.innerHTML = `<p class="muted">${esc(t('portraits.empty'))}</p>`;
      return;
    }
    const dims = list[0].dimensions;
    out.innerHTML = `<table id="region-table" class="list risk">
      <thead><tr><th>${esc(t('portraits.org'))}</th><th>${esc(t('portraits.kind'))}</th><th>${esc(t('portraits.region'))}</th>
        <th>${esc(t('portraits.overall'))}</th><th>${esc(t('portraits.level'))}</th>
        ${dims.map((d) => `<th>${esc(pick(d.name_zh, d.name_en))}</th>`).join('')}<th></th></tr></thead>
      <tbody>${list
        .map(
          (p) => `<tr data-org="${esc(p.org)}">
            <td><a href="${hashFor(`/portrait/${encodeURIComponent(p.org)}`)}">${esc(p.name)}</a></td>
            <td>${esc(t(`orgkind.${p.kind}`))}</td><td>${esc(p.region || '')}</td>
            <td class="score" style="background:${riskColour(p.overall)}">${esc(p.overall)}</td>
            <td>${esc(t(`level.${p.level}`))}</td>
            ${p.dimensions.map((d) => `<td class="score" style="background:${riskColour(d.score)}">${esc(d.score)}</td>`).join('')}
            <td><a href="${hashFor('/alerts', { org: p.org })}">${esc(t('portraits.alerts'))}</a></td></tr>`,
        )
        .join('')}</tbody></table>`;
  } catch (error) {
    showError(out, error);
  }
}

/** One org's portrait: the radar chart and its dimensions. */
export async function portraitPage(app, id, h) {
  const { esc, hashFor, showError, entityLink } = h;
  app.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
  let p;
  try {
    p = await api.get(`/api/orgs/${api.seg(id)}/portrait`);
  } catch (error) {
    if (h.current()) showError(app, error);
    return;
  }
  if (!h.current()) return;
  const regionLink = p.region
    ? `<a href="${hashFor('/portraits', { region: p.region.split('/')[0] })}">${esc(p.region)}</a>`
    : '';
  app.innerHTML = `
    <section id="portrait-view" data-org="${esc(p.org)}">
      <h1>${esc(p.name)} <small class="mono">${esc(p.org)}</small></h1>
      <p>${regionLink} · ${esc(t(`orgkind.${p.kind}`))} · ${esc(t('portraits.peers'))} ${esc(p.peers)} ·
        ${esc(t('portraits.overall'))} <strong class="score" style="background:${riskColour(p.overall)}">${esc(p.overall)}</strong>
        (${esc(t(`level.${p.level}`))}) · <a id="org-alerts" href="${hashFor('/alerts', { org: p.org })}">${esc(t('portraits.alerts'))}</a>
        · ${entityLink(p.org, t('entity.open'))}</p>
      <div class="two-col">
        <div id="radar" class="chart"></div>
        <table id="dimensions" class="list">
          <thead><tr><th>${esc(t('portraits.dimension'))}</th><th>${esc(t('portraits.score'))}</th><th>${esc(t('portraits.raw'))}</th><th>${esc(t('portraits.indicators'))}</th></tr></thead>
          <tbody>${p.dimensions
            .map(
              (d) => `<tr><td>${esc(pick(d.name_zh, d.name_en))}</td>
                <td class="score" style="background:${riskColour(d.score)}">${esc(d.score)}</td>
                <td>${esc(Number(d.raw).toFixed(2))}</td>
                <td class="muted">${Object.entries(d.indicators || {})
                  .map(([k, v]) => `${esc(k)}=${esc(Number.isInteger(v) ? v : Number(v).toFixed(2))}`)
                  .join(', ')}</td></tr>`,
            )
            .join('')}</tbody></table>
      </div>
    </section>`;
  const container = document.getElementById('radar');
  try {
    await drawRadar(container, p);
  } catch (error) {
    h.vendorFailed(container, error);
  }
}

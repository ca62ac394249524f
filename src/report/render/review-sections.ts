/**
 * The sections of a review (APR/PQR, CPV) as HTML, from its model: what each table shows and
 * the words a reviewer reads. Numbers are printed with 4 significant digits; the model (JSON)
 * keeps them whole.
 */
import { esc, fmt, htmlTable, when } from '../html/escape.js';
import type { ReportSection } from '../html/document.js';
import type { ChangeRecord, IndexValue, LinkedEvent, OosResult, ParameterReview, ReportModel, RuleViolation, SiteComparison, SiteLots } from '../model/types.js';

const N = (...i: number[]) => new Set(i);
const pv = (p: number | null) => (p === null ? '–' : p < 0.001 ? '&lt; 0.001' : fmt(p, 3));
const id = (s: string | null | undefined) => `<span class="id">${esc(s ?? '')}</span>`;
const sentences = (notes: string[]) => notes.map((n) => n.charAt(0).toUpperCase() + n.slice(1)).map((n) => (/[.!?]$/.test(n) ? n : n + '.')).join(' ');
const ci = (x: IndexValue | null | undefined) => (!x || x.value === null ? '–' : `${fmt(x.value, 3)}${x.lower != null && x.upper != null ? ` <span class="m">(${fmt(x.lower, 3)} – ${fmt(x.upper, 3)})</span>` : ''}`);
const specText = (lsl: number | null, usl: number | null) => [lsl !== null ? `≥ ${fmt(lsl)}` : '', usl !== null ? `≤ ${fmt(usl)}` : ''].filter(Boolean).join(', ') || '–';
const anchor = (p: { material: string; parameter: string }) => `p-${`${p.material}-${p.parameter}`.replace(/[^A-Za-z0-9-]+/g, '-')}`;
export const paramName = (p: { material: string; parameter: string }, product: string) => (p.material === product ? p.parameter : `${p.parameter} (${p.material})`);
const figure = (svg: string | undefined, caption: string, narrow = false) => (svg ? `<figure${narrow ? ' class="narrow"' : ''}>${svg}<figcaption>${esc(caption)}</figcaption></figure>` : '');

/** Lots made per site, with their disposition. */
export function lotsSection(lots: NonNullable<ReportModel['lots']>): ReportSection {
  const others = [...new Set([...lots.bySite, lots.total].flatMap((s) => Object.keys(s.other)))].sort();
  const row = (s: SiteLots, label: string) => [label, String(s.made), String(s.released), String(s.rejected), ...others.map((o) => String(s.other[o] ?? 0)), s.made ? fmt((100 * s.rejected) / s.made, 3) + ' %' : '–'];
  const rows = [...lots.bySite.map((s) => row(s, esc(s.site))), row(lots.total, '<b>all sites</b>')];
  return {
    id: 'lots', title: 'Lots made and their disposition',
    html: htmlTable(['site', 'made', 'released', 'rejected', ...others.map(esc), 'rejected share'], rows, N(1, 2, 3, ...others.map((_, i) => 4 + i), 4 + others.length))
      + '<p class="note">Lots of the product that started in the period, by the status the store holds for them now.</p>',
  };
}

/** One line per parameter: how capable it is and what was found. */
export function overviewTable(ps: ParameterReview[], product: string): string {
  const rows = ps.map((p) => {
    const c = p.capability.status === 'done' ? p.capability : undefined;
    return [
      `<a href="#${anchor(p)}">${esc(paramName(p, product))}</a>`, esc(p.role ?? ''), String(p.lots),
      c ? specText(c.lsl, c.usl) : '–', c ? ci(c.ppk) : '<span class="m">not computed</span>', c && c.method !== 'normal' ? fmt(c.ppkNonNormal, 3) + ` <span class="m">(${esc(c.method)})</span>` : '–',
      p.oos.length ? `<span class="bad">${p.oos.length}</span>` : '0', String(p.signals.filter((s) => s.insideSpec).length),
    ];
  });
  return htmlTable(['parameter', 'role', 'lots', 'specification', 'Ppk (95 % CI)', 'Ppk non-normal', 'OOS', 'OOT'], rows, N(2, 4, 5, 6, 7));
}

function chartTable(p: ParameterReview): string {
  if (p.chart.status !== 'done') return `<p class="m">Control chart not computed: ${esc(p.chart.reason)}</p>`;
  const c = p.chart;
  return htmlTable(['chart', 'points', 'centre', 'LCL', 'UCL', 'σ (estimator)', 'signals'],
    [[esc(c.kind), String(c.points), fmt(c.center), fmt(c.lcl), fmt(c.ucl), `${fmt(c.sigma)} <span class="m">(${esc(c.estimator)})</span>`, String(c.violations)]], N(1, 2, 3, 4, 5, 6))
    + `<p class="note">${esc(c.choice)}. Limits from every point of the period.</p>`;
}

function capabilityTable(p: ParameterReview): string {
  if (p.capability.status !== 'done') return `<p class="m">Capability not computed: ${esc(p.capability.reason)}</p>`;
  const c = p.capability;
  return htmlTable(['specification', 'n', 'mean', 'sd overall', 'Ppk (95 % CI)', 'Pp', 'Cpk', 'normality p', 'observed ppm'],
    [[specText(c.lsl, c.usl), String(c.n), fmt(c.mean), fmt(c.sdOverall), ci(c.ppk), ci(c.pp), ci(c.cpk), pv(c.normalityP), fmt(c.observedPpm, 3)]], N(1, 2, 3, 4, 5, 6, 7, 8))
    + `<p class="note">Specification ${esc(c.specSource)}. ${c.method === 'normal' ? 'Normal-theory indices.' : `Not normal (Anderson–Darling p ${pv(c.normalityP)}): the percentile-based Ppk from a ${esc(c.method)} fit is ${fmt(c.ppkNonNormal, 3)}; the normal Ppk is shown with its interval for comparison.`}${c.notes.length ? ' ' + esc(sentences(c.notes)) : ''}</p>`;
}

function oosTable(rows: Array<OosResult & { parameter?: string }>, withParameter: boolean): string {
  return htmlTable([...(withParameter ? ['parameter'] : []), 'lot', 'site', 'started', 'value', 'specification'],
    rows.map((o) => [...(withParameter ? [esc(o.parameter ?? '')] : []), id(o.lot), esc(o.site), esc(when(o.time)), `<span class="bad">${fmt(o.value)}</span>`, specText(o.lsl, o.usl)]), N(withParameter ? 4 : 3));
}

function ootTable(rows: RuleViolation[], withParameter: boolean, product = ''): string {
  return htmlTable([...(withParameter ? ['parameter'] : []), 'lot', 'rule', 'signal'],
    rows.map((v) => [...(withParameter ? [esc(paramName(v, product))] : []), id(v.lot), esc(v.ruleName), esc(v.sentence)]));
}

/** One section per parameter: chart, capability, figures, OOS and OOT of that parameter. */
export function parameterSection(p: ParameterReview, product: string): ReportSection {
  const oot = p.signals.filter((s) => s.insideSpec);
  const html = [
    `<p class="m">${esc(p.material)} · ${esc(p.role ?? 'no role')}${p.unit ? ` · unit ${esc(p.unit)}` : ''} · ${p.lots} lots with a value</p>`,
    '<h4>Control chart</h4>', chartTable(p), figure(p.figures.control, `Control chart of ${p.parameter} over the period (run rules as defined; red points are signals).`),
    '<h4>Capability</h4>', capabilityTable(p), figure(p.figures.histogram, `Histogram of ${p.parameter} with the specification limits and the fitted distribution.`),
    `<h4>Out of specification (${p.oos.length})</h4>`, p.oos.length ? oosTable(p.oos, false) : '<p class="m">None.</p>',
    `<h4>Out of trend (${oot.length})</h4>`, oot.length ? ootTable(oot, false) : '<p class="m">None: no run-rule signal inside the specification.</p>',
    p.notes.length ? `<p class="note">${esc(sentences(p.notes))}</p>` : '',
  ].join('\n');
  return { id: anchor(p), title: paramName(p, product), html, newPage: true };
}

/** Every OOS result of the period, all parameters. */
export function oosSection(ps: ParameterReview[], product: string): ReportSection {
  const rows = ps.flatMap((p) => p.oos.map((o) => ({ ...o, parameter: paramName(p, product) })));
  return { id: 'oos', title: `Out-of-specification results (${rows.length})`, html: (rows.length ? oosTable(rows, true) : '<p>No result outside its specification in the period.</p>') + '<p class="note">Each lot’s value (the lot mean for a parameter with replicates) against the specification valid when the lot started.</p>' };
}

/** Every OOT signal of the period. */
export function ootSection(ps: ParameterReview[], product: string): ReportSection {
  const rows = ps.flatMap((p) => p.signals.filter((s) => s.insideSpec));
  return { id: 'oot', title: `Out-of-trend results (${rows.length})`, html: (rows.length ? ootTable(rows, true, product) : '<p>No run-rule signal inside the specification in the period.</p>') + '<p class="note">Out of trend: a control-chart run-rule signal at a lot whose value is inside its specification.</p>' };
}

/** Deviations and CAPAs linked to the period's lots. */
export function eventsSection(events: LinkedEvent[]): ReportSection {
  const rows = events.map((e) => [id(e.event), esc(e.type), esc(e.severity ?? ''), id(e.lot ?? e.equipment), esc(e.site ?? ''), esc(when(e.start)), esc(e.text ?? ''), esc(e.productLots.slice(0, 8).join(', ') + (e.productLots.length > 8 ? ` … (${e.productLots.length})` : ''))]);
  return { id: 'events', title: `Deviations and CAPAs (${events.length})`, html: (rows.length ? htmlTable(['event', 'type', 'severity', 'on', 'site', 'started', 'text', 'product lots concerned'], rows) : '<p>No deviation or CAPA is linked to the period’s lots.</p>') + '<p class="note">Events on a lot of the product or on a lot upstream of one (genealogy), and events on no lot but on equipment those lots went through, started in the period.</p>' };
}

/** Specification and control-limit changes. */
export function changesSection(changes: ChangeRecord[]): ReportSection {
  const rows = changes.map((c) => [esc(c.what), esc(c.material), esc(c.parameter), esc(when(c.when)), esc(c.detail), esc(c.by ?? '')]);
  return { id: 'changes', title: `Changes of specifications and control limits (${changes.length})`, html: rows.length ? htmlTable(['what', 'material', 'parameter', 'valid from', 'change', 'by'], rows) : '<p>No specification or control-limit version came into force, was set or approved in the period.</p>' };
}

/** Site-to-site comparison, one table per parameter. */
export function comparisonSection(cs: SiteComparison[], ps: ParameterReview[], product: string): ReportSection {
  const children = cs.map((c, i): ReportSection => {
    const p = ps[i];
    const body = c.status !== 'done'
      ? `<p class="m">Not computed: ${esc(c.reason ?? '')}</p>`
      : '<div class="compact">' + htmlTable(['site', 'n', 'mean', 'sd', 'Ppk'], c.groups.map((g) => [esc(g.site), String(g.n), fmt(g.mean), fmt(g.sd), fmt(g.ppk, 3)]), N(1, 2, 3, 4)) + '</div>'
        + `<p>ANOVA p ${pv(c.anovaP)} · Welch p ${pv(c.welchP)} · Kruskal–Wallis p ${pv(c.kruskalP)} · Levene p ${pv(c.leveneP)}</p>`
        + (c.summary.length ? `<ul>${c.summary.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>` : '')
        + figure(p?.figures.box, `${c.parameter} by site (box: quartiles; whiskers 1.5 IQR).`, true);
    return { id: `cmp-${anchor(c).slice(2)}`, title: paramName(c, product), html: body };
  });
  return { id: 'comparison', title: 'Site-to-site comparison', html: '<p class="note">Lot values (lot means of parameters with replicates) compared across sites: one-way and Welch ANOVA of the means, Kruskal–Wallis, Levene (Brown–Forsythe) of the spread; Ppk per site against the specification valid at the end of the period.</p>', children, newPage: true };
}

/** CPV: the signals a reviewer has not seen in the previous report. */
export function newViolationsSection(n: NonNullable<ReportModel['newViolations']>, product: string): ReportSection {
  const since = n.previousRun ? `since the previous run ${esc(n.previousRun)} (${esc(when(n.previousGeneratedAt))})` : 'in the period (this is the first run of the definition)';
  return { id: 'new-signals', title: `Rule violations since the last report (${n.violations.length})`, html: `<p>Run-rule violations ${since} that it did not show.</p>` + (n.violations.length ? ootTable(n.violations, true, product) : '<p>None.</p>') };
}

/** Empty lines for the reviewer's conclusion. */
export function conclusionSection(): ReportSection {
  const lines = Array.from({ length: 12 }, () => '<div class="line-fill"></div>').join('');
  return {
    id: 'conclusion', title: 'Conclusion of the reviewer', newPage: true,
    html: '<p>State whether the process remains in a state of control and the product meets its specifications, and any action needed (changes of specifications, control limits, validation, CAPAs).</p>'
      + `<div class="fill">${lines}</div>`,
  };
}

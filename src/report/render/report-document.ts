/**
 * A report's model as the printed document every causeway report shares (report/html): cover
 * with the header, contents, sections of its kind, the reviewer's conclusion and the
 * signatures block. Signatures are given by the caller (the signing module), never stored here.
 */
import type { PrintedSignature, ReportDocument, ReportSection } from '../html/document.js';
import { esc, fmt, htmlTable, when } from '../html/escape.js';
import type { ReportModel } from '../model/types.js';
import type { ReportRun } from '../runs/run-store.js';
import {
  changesSection, comparisonSection, conclusionSection, eventsSection, lotsSection, newViolationsSection, oosSection, ootSection, overviewTable, parameterSection,
} from './review-sections.js';

/** A signature to print: who, when, what it means (authored, reviewed, approved). */
export interface SignatureLine {
  name: string;
  time: string | Date;
  meaning: string;
  username?: string;
  /** The content SHA-256 the signature binds (default: the run's). */
  contentSha256?: string;
}

/** Options of {@link reportDocument}. */
export interface ReportDocumentOptions {
  /** The stored run: its content SHA-256 is printed on the cover and with each signature. */
  run?: Pick<ReportRun, 'contentSha256'>;
  /** Signatures given so far; the lines of the meanings not yet signed stay empty. */
  signatures?: SignatureLine[];
}

function summarySection(m: ReportModel): ReportSection {
  const ps = m.parameters ?? [];
  const oos = ps.reduce((a, p) => a + p.oos.length, 0);
  const oot = ps.reduce((a, p) => a + p.signals.filter((s) => s.insideSpec).length, 0);
  const t = m.lots?.total;
  const facts = [
    `${t?.made ?? 0} lots made${t ? `, ${t.released} released, ${t.rejected} rejected` : ''}${m.lots ? ` at ${m.lots.bySite.length} site${m.lots.bySite.length === 1 ? '' : 's'}` : ''}.`,
    `${ps.length} parameters reviewed; ${oos} result${oos === 1 ? '' : 's'} out of specification, ${oot} out of trend.`,
    `${m.events?.length ?? 0} deviations and CAPAs linked to the lots; ${m.changes?.length ?? 0} changes of specifications or control limits.`,
  ];
  return {
    id: 'summary', title: 'Summary',
    html: `<ul>${facts.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>${ps.length ? overviewTable(ps, m.header.product) : ''}`
      + '<p class="note">Ppk is the overall (long-term) index from every lot value in the period, with its 95 % confidence interval; where the values are not normal, the percentile-based Ppk of the fitted distribution is shown beside it. docs/reports.md explains each number.</p>'
      + (m.notes.length ? `<ul class="m">${m.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''),
  };
}

function investigationSections(m: ReportModel): ReportSection[] {
  const inv = m.investigation!;
  const l = inv.lot;
  const findings = inv.findings.map((f, i) => [String(i + 1), esc(f.kind.replace(/_/g, ' ')), esc(f.lot === l.lot ? f.lot : `${f.lot} (${f.via.join(' → ') || 'upstream'})`), `<b>${esc(f.title)}</b><br>${esc(f.sentence)}`, fmt(f.value), fmt(f.z, 3)]);
  const upstream = inv.upstream.map((u) => [esc(u.lot), esc(u.material), esc(u.site ?? ''), String(u.depth), u.contribution === null ? '–' : fmt(100 * u.contribution, 3) + ' %']);
  const events = inv.events.map((e) => [esc(e.event), esc(e.type), esc(e.lot ?? e.equipment ?? ''), esc(when(e.start)), esc(e.text ?? '')]);
  return [
    { id: 'lot', title: `Lot ${l.lot}`, html: htmlTable(['lot', 'material', 'site', 'step', 'equipment', 'started', 'ended', 'status'], [[l.lot, l.material, l.site, l.step ?? '', l.equipment ?? '', when(l.start), when(l.end), l.status ?? ''].map(esc)]) + `<p class="note">Checked: ${esc(Object.entries(inv.checked).map(([k, v]) => `${v} ${k}`).join(', '))}.</p>` },
    { id: 'findings', title: `Findings, most unusual first (${inv.findings.length})`, html: findings.length ? htmlTable(['#', 'kind', 'lot', 'finding', 'value', 'robust z'], findings, new Set([0, 4, 5])) + '<p class="note">Findings are leads for the investigation, not conclusions.</p>' : '<p>Nothing unusual found in what was checked.</p>' },
    { id: 'charts', title: 'Control charts', html: inv.figures.length ? inv.figures.map((f) => `<figure>${f.svg}<figcaption>${esc(f.title)}</figcaption></figure>`).join('') : '<p class="m">No finding is about a measurement of the lot itself.</p>', newPage: true },
    { id: 'upstream', title: `Upstream lots (${inv.upstream.length})`, html: upstream.length ? htmlTable(['lot', 'material', 'site', 'depth', 'contribution'], upstream, new Set([3, 4])) : '<p>No upstream lots recorded.</p>' },
    { id: 'events', title: `Events on the lot and upstream lots (${inv.events.length})`, html: events.length ? htmlTable(['event', 'type', 'on', 'started', 'text'], events) : '<p>None.</p>' },
    ...(inv.notes.length ? [{ id: 'notes', title: 'Notes', html: `<ul>${inv.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` }] : []),
  ];
}

/**
 * The printable document of a report run.
 *
 * @example await writeReport(reportDocument(model, { run }), 'apr.pdf')
 */
export function reportDocument(m: ReportModel, options: ReportDocumentOptions = {}): ReportDocument {
  const h = m.header;
  const product = h.product;
  const scope = h.period ? `${h.period.label} (lots started ${h.period.from.slice(0, 10)} to ${h.period.to.slice(0, 10)}, end exclusive)` : `lot ${m.investigation?.lot.lot ?? ''}`;
  const head = h.auditHead ? `entry ${h.auditHead.auditId}, SHA-256 ${h.auditHead.hash}${h.auditHead.verified ? ' (whole chain verified)' : ' (CHAIN DOES NOT VERIFY)'}` : '–';
  const ps = m.parameters ?? [];
  const sections: ReportSection[] = h.definition.kind === 'investigation' ? investigationSections(m) : [
    summarySection(m),
    lotsSection(m.lots!),
    ...(m.newViolations ? [newViolationsSection(m.newViolations, product)] : []),
    { id: 'parameters', title: 'Parameters: control charts and capability', html: '<p>One section per parameter: the control chart of the period, capability against the specification, and the results out of specification or out of trend.</p>', children: ps.map((p) => parameterSection(p, product)) },
    oosSection(ps, product), ootSection(ps, product),
    eventsSection(m.events ?? []), changesSection(m.changes ?? []),
    ...(m.comparison?.length ? [comparisonSection(m.comparison, ps, product)] : []),
  ];
  sections.push(conclusionSection());
  const hash = options.run?.contentSha256;
  const signatures: PrintedSignature[] = (options.signatures ?? []).map((s) => ({
    name: s.name, username: s.username ?? s.name, signedAt: new Date(s.time), meaning: s.meaning, contentHash: (s.contentSha256 ?? hash)?.slice(0, 16).concat('…') ?? '–',
  }));
  const subtitle = `${product} · ${h.period ? h.period.label : `lot ${m.investigation?.lot.lot ?? ''}`} · ${h.sites.join(', ')} · ${h.software}`;
  return {
    title: h.definition.title, subtitle,
    cover: [
      ['product', product], [h.period ? 'period' : 'lot', scope], ['sites', h.sites.join(', ') || '–'],
      ['report id', h.reportId], ['definition', `${h.definition.name} version ${h.definition.version} (${h.definition.kind})`],
      ['generated', `${when(h.generatedAt)} by ${h.generatedBy}`], ['data state', h.dataState ? `last import ${h.dataState}` : 'no import'],
      ['software', h.software], ['audit-chain head', head], ...(hash ? [['content SHA-256', hash] as [string, string]] : []),
    ],
    sections, signatures, signatureMeanings: ['authored', 'reviewed', 'approved'],
    footer: `${h.reportId} · ${h.definition.name} v${h.definition.version} · data ${h.dataState ?? '–'} · chain ${h.auditHead ? h.auditHead.hash.slice(0, 12) : '–'}`,
  };
}

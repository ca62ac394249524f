/**
 * What needs attention: the start page's list of out-of-specification results, run-rule
 * violations on the control charts of every lab parameter (one chart per site), and open
 * deviations, each of the last N days.
 *
 * "The last N days" end now, unless the store's newest data is older than that (a demo, an
 * archive): then they end at the newest data, and the answer says so, so a quiet page never
 * hides that nothing recent was imported.
 */
import { controlChart } from '../spc/control-chart.js';
import type { Store } from '../store/store.js';

/** A result outside the specification valid when it was measured. */
export type OosResult = { lot: string; material: string; site: string | null; parameter: string; value: number; lsl: number | null; usl: number | null; time: Date }
/** A run-rule signal on a parameter's chart at one site. */
export type RuleSignal = { lot: string; material: string; site: string; parameter: string; chart: string; rule: string; ruleName: string; time: string | null; sentence: string }
/** A deviation (or CAPA) with no end time. */
export type OpenDeviation = { event: string; type: string; lot: string | null; equipment: string | null; site: string | null; start_time: Date; severity: string | null; text: string | null }

/** The answer of {@link attention}. */
export interface Attention {
  from: Date;
  to: Date;
  /** 'now', or 'newest data' when the store holds nothing as recent as the window. */
  anchor: 'now' | 'newest data';
  days: number;
  outOfSpecification: OosResult[];
  ruleViolations: RuleSignal[];
  openDeviations: OpenDeviation[];
  /** Open deviations older than the window (listed by count only). */
  olderOpenDeviations: number;
  /** Charts that could not be drawn (too few points), by material/parameter@site. */
  skippedCharts: string[];
}

/** Rows listed at most per kind; the counts in the page say when there are more. */
const LIMIT = 200;

/**
 * Collects what needs attention in the last `days` days.
 *
 * @example const a = await attention(store, { days: 30 }); a.outOfSpecification.length
 */
export async function attention(store: Store, opts: { days?: number; now?: Date } = {}): Promise<Attention> {
  const days = opts.days ?? 30;
  const now = opts.now ?? new Date();
  const newest = (await store.value(
    `SELECT greatest((SELECT max(coalesce(time, TIMESTAMPTZ '1970-01-01')) FROM discrete), (SELECT max(start_time) FROM lots), (SELECT max(start_time) FROM events WHERE type <> 'phase'))`,
  )) as Date | null;
  const from0 = new Date(now.getTime() - days * 86_400_000);
  const anchor = newest && newest < from0 ? 'newest data' : 'now';
  const to = anchor === 'now' ? now : new Date(newest!.getTime() + 1000);
  const from = new Date(to.getTime() - days * 86_400_000);
  const range = [from.toISOString(), to.toISOString()];

  const outOfSpecification = await store.all<OosResult>(
    `WITH r AS (
       SELECT d.lot, d.material, l.site, d.parameter, d.value, coalesce(d.time, l.start_time) AS time
       FROM discrete d JOIN lots l ON l.lot = d.lot
       WHERE coalesce(d.time, l.start_time) >= $1::TIMESTAMPTZ AND coalesce(d.time, l.start_time) < $2::TIMESTAMPTZ
     )
     SELECT r.lot, r.material, r.site, r.parameter, r.value, s.lsl, s.usl, r.time
     FROM r ASOF JOIN specifications s ON s.material = r.material AND s.parameter = r.parameter AND r.time >= s.valid_from
     WHERE r.value < s.lsl OR r.value > s.usl ORDER BY r.time DESC LIMIT ${LIMIT}`,
    range,
  );

  // Every lab parameter with results in the window, charted over all its data at each site
  // (phase I = all points, the chart a user opens by default); signals inside the window count.
  const charts = await store.all<{ material: string; parameter: string }>(
    `SELECT DISTINCT d.material, d.parameter FROM discrete d JOIN lots l ON l.lot = d.lot
     WHERE coalesce(d.time, l.start_time) >= $1::TIMESTAMPTZ AND coalesce(d.time, l.start_time) < $2::TIMESTAMPTZ
     UNION SELECT DISTINCT r.material, r.parameter FROM replicates r JOIN lots l ON l.lot = r.lot
     WHERE coalesce(r.time, l.start_time) >= $1::TIMESTAMPTZ AND coalesce(r.time, l.start_time) < $2::TIMESTAMPTZ
     ORDER BY 1, 2`,
    range,
  );
  const ruleViolations: RuleSignal[] = [];
  const skippedCharts: string[] = [];
  for (const c of charts) {
    let report;
    try {
      report = await controlChart(store, { parameter: c.parameter, material: c.material, by: 'site' });
    } catch {
      // Too few lots for limits, or a parameter that is constant: nothing to judge yet.
      skippedCharts.push(`${c.material}/${c.parameter}`);
      continue;
    }
    for (const p of report.panels) {
      for (const v of p.violations) {
        if (v.time && v.time >= range[0]! && v.time < range[1]!) {
          ruleViolations.push({ lot: v.lot, material: c.material, site: p.key, parameter: c.parameter, chart: report.chart, rule: v.rule, ruleName: v.ruleName, time: v.time, sentence: v.sentence });
        }
      }
    }
  }
  ruleViolations.sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));

  const openDeviations = await store.all<OpenDeviation>(
    `SELECT e.event, e.type, e.lot, e.equipment, coalesce(q.site, l.site) AS site, e.start_time, e.severity, e.text
     FROM events e LEFT JOIN equipment q ON q.equipment = e.equipment LEFT JOIN lots l ON l.lot = e.lot
     WHERE e.type IN ('deviation', 'capa') AND e.end_time IS NULL AND e.start_time >= $1::TIMESTAMPTZ AND e.start_time < $2::TIMESTAMPTZ
     ORDER BY e.start_time DESC LIMIT ${LIMIT}`,
    range,
  );
  const older = Number(await store.value(`SELECT count(*) FROM events WHERE type IN ('deviation', 'capa') AND end_time IS NULL AND start_time < $1::TIMESTAMPTZ`, [range[0]!]));
  return { from, to, anchor, days, outOfSpecification, ruleViolations: ruleViolations.slice(0, LIMIT), openDeviations, olderOpenDeviations: older, skippedCharts };
}

/**
 * The model of a report: every number, table and figure it prints, as plain JSON. The model is
 * what a run stores and what a signature binds (its canonical JSON and SHA-256, report/runs);
 * HTML and PDF are renderings of it (report/render).
 */
import type { ReportChart, ReportKind } from '../definitions/definition-request.js';

/** An index with its confidence interval (when one exists). */
export interface IndexValue {
  value: number | null;
  lower?: number | null;
  upper?: number | null;
}

/** What every report prints in its header and on its cover. */
export interface ReportHeader {
  /** The run id: the report's identity (printed on every page). */
  reportId: string;
  definition: { name: string; version: number; kind: ReportKind; title: string };
  product: string;
  /** Sites covered (all the product's when the definition names none). */
  sites: string[];
  period: { label: string; from: string; to: string } | null;
  generatedAt: string;
  generatedBy: string;
  /** Data state: the last import the store had when the report ran. */
  dataState: string | null;
  software: string;
  /** Head of the audit chain when the report ran, and whether the whole chain verified. */
  auditHead: { auditId: string; hash: string; verified: boolean } | null;
}

/** Lots of one site in the period. */
export interface SiteLots {
  site: string;
  made: number;
  released: number;
  rejected: number;
  /** Other statuses (reworked, quarantined, none) by name. */
  other: Record<string, number>;
}

/** A result outside its specification (the specification valid at the lot's start). */
export interface OosResult {
  lot: string;
  site: string;
  time: string | null;
  value: number;
  lsl: number | null;
  usl: number | null;
}

/** A run-rule violation of a control chart. */
export interface RuleViolation {
  parameter: string;
  material: string;
  rule: string;
  ruleName: string;
  series: string;
  lot: string;
  time: string | null;
  sentence: string;
  /** Inside the specification: out of trend (OOT) rather than out of specification. */
  insideSpec: boolean;
}

/** The review of one parameter: control chart, capability, OOS and OOT. */
export interface ParameterReview {
  material: string;
  parameter: string;
  role: string | null;
  unit: string | null;
  /** Lots with a value. */
  lots: number;
  chart:
    | { status: 'done'; kind: string; choice: string; center: number | null; lcl: number | null; ucl: number | null; sigma: number | null; estimator: string; points: number; violations: number }
    | { status: 'not_computed'; reason: string };
  capability:
    | {
        status: 'done'; specSource: string; lsl: number | null; usl: number | null; target: number | null; n: number; mean: number | null; sdOverall: number | null;
        method: string; ppk: IndexValue; pp: IndexValue | null; cpk: IndexValue | null; cp: IndexValue | null;
        /** Percentile-based Ppk when the data are not normal (the method says which fit). */
        ppkNonNormal: number | null;
        /** The Ppk the report headlines: non-normal when that method was chosen, else normal. */
        headlinePpk: number | null; normalityP: number | null; observedPpm: number | null; notes: string[];
      }
    | { status: 'not_computed'; reason: string };
  oos: OosResult[];
  /** Every run-rule violation of the chart; those inside the specification are the out-of-trend results. */
  signals: RuleViolation[];
  figures: Partial<Record<ReportChart, string>>;
  notes: string[];
}

/** Site-to-site comparison of one parameter (compare by site). */
export interface SiteComparison {
  material: string;
  parameter: string;
  status: 'done' | 'not_computed';
  reason?: string;
  groups: Array<{ site: string; n: number; mean: number; sd: number | null; ppk: number | null }>;
  anovaP: number | null;
  welchP: number | null;
  kruskalP: number | null;
  leveneP: number | null;
  summary: string[];
}

/** A deviation, CAPA or other event linked to a lot of the product (or one upstream of it). */
export interface LinkedEvent {
  event: string;
  type: string;
  lot: string | null;
  equipment: string | null;
  site: string | null;
  start: string;
  severity: string | null;
  text: string | null;
  /** Final lots of the product it concerns (itself, or downstream of the lot it is on). */
  productLots: string[];
}

/** A specification or control-limit version that came into force, or was set or approved, in the period. */
export interface ChangeRecord {
  what: 'specification' | 'control limits';
  material: string;
  parameter: string;
  when: string;
  detail: string;
  by: string | null;
}

/** An investigation of one lot (from investigate). */
export interface InvestigationPart {
  lot: { lot: string; material: string; site: string; step: string | null; equipment: string | null; start: string | null; end: string | null; status: string | null };
  findings: Array<{ kind: string; lot: string; material: string; via: string[]; title: string; sentence: string; value: number | null; z: number | null; score: number }>;
  upstream: Array<{ lot: string; material: string; site: string | null; contribution: number | null; depth: number }>;
  events: LinkedEvent[];
  figures: Array<{ title: string; svg: string }>;
  checked: Record<string, number>;
  notes: string[];
}

/** A whole report's model. */
export interface ReportModel {
  header: ReportHeader;
  lots?: { bySite: SiteLots[]; total: SiteLots };
  parameters?: ParameterReview[];
  events?: LinkedEvent[];
  changes?: ChangeRecord[];
  comparison?: SiteComparison[];
  /** CPV: violations not in the previous run of the definition. */
  newViolations?: { previousRun: string | null; previousGeneratedAt: string | null; violations: RuleViolation[] };
  investigation?: InvestigationPart;
  notes: string[];
}

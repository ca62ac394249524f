/** Where a finding can be seen in the workbench (view and its URL parameters). */
export interface FindingLink {
  view: 'spc' | 'trend' | 'lot' | 'golden' | 'events';
  params: Record<string, string>;
}

/** One unusual thing about a lot. */
export interface Finding {
  kind: 'out_of_spec' | 'unusual_value' | 'rule_violation' | 'golden_excursion' | 'deviation' | 'alarm' | 'upstream';
  /** Ordering score: higher is more unusual (documented in docs/explain.md). */
  score: number;
  /** The lot the finding is on (the investigated lot or an upstream lot). */
  lot: string;
  material: string;
  /** Genealogy: how the lot is related (empty for the lot itself). */
  via: string[];
  title: string;
  sentence: string;
  value?: number;
  expected?: { median: number; low: number; high: number; n: number };
  z?: number;
  time?: string;
  link?: FindingLink;
  /** For values: `material|parameter-or-feature`, the measurement the finding is about. */
  key?: string;
  /** For unusual values: the strongest |Spearman ρ| of that measurement with a quality attribute (CQA) across lots; it weights the score. */
  relevance?: number;
}

/** A past lot like this one, with its outcomes. */
export interface SimilarLot {
  lot: string;
  distance: number;
  /** Columns compared. */
  compared: number;
  status: string | null;
  start: string | null;
  outcomes: Record<string, number | null>;
}

/** The answer of {@link investigate}. */
export interface Investigation {
  lot: { lot: string; material: string; site: string; step: string | null; equipment: string | null; start: string | null; end: string | null; status: string | null };
  findings: Finding[];
  similar: SimilarLot[];
  /** What was looked at, with counts, so a reviewer sees what "nothing unusual" covers. */
  checked: { parameters: number; upstreamLots: number; charts: number; goldenModels: number; events: number; comparableLots: number };
  notes: string[];
}

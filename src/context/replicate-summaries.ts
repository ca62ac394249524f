import { replicateFeaturesSql } from './features-sql.js';

/** The summaries of a replicate parameter per lot, named `<parameter>.<fn>` (hardness.mean). */
export const REPLICATE_SUMMARIES = ['mean', 'sd', 'rsd', 'min', 'max', 'range', 'n'] as const;

/**
 * SELECT of feature values as analyses read them, columns (lot, name, value, source_kind,
 * parameter): the stored features of tags in phases and of events, and the summaries of
 * replicate parameters computed from the replicates themselves, with the names and definitions
 * of the stored replicate features (features-sql.ts). Why not the stored ones: replicates are few
 * next to samples and a summary over them costs little, so a replicate parameter (10 tablet
 * hardnesses) is in explain, investigate, compare and the analysis set right after its import,
 * without waiting for a feature refresh, and never stale after a re-import.
 *
 * @param scope - SQL naming a relation with a `lot` column: the lots whose replicates are summarised
 * @example store.all(`SELECT * FROM (${featureValuesSql('lots')}) WHERE name = 'hardness.mean'`)
 */
export function featureValuesSql(scope: string): string {
  return `SELECT lot, name, value, source_kind, parameter FROM features WHERE source_kind <> 'replicate'
    UNION ALL
    SELECT lot, name, value, source_kind, parameter FROM (${replicateFeaturesSql(scope)})`;
}

import { isoTime, text } from '../core/fields.js';

/**
 * Which lots: the request fields every analysis of a parameter over lots shares (control
 * charts, capability, compare, stats, explain). Safe in the browser (zod only).
 */
export const lotFilterFields = {
  parameter: text().meta({ title: 'Parameter or feature', description: 'parameter or feature name', examples: ['assay'] }),
  material: text().optional().meta({ title: 'Material', description: 'material the parameter belongs to (default: the only one that has it)' }),
  site: text().optional().meta({ title: 'Site', description: 'only lots of this site (default: all)' }),
  from: isoTime().optional().meta({ title: 'From', description: 'only lots starting at or after this date or instant (default: no limit)', examples: ['2024-01-01'] }),
  to: isoTime().optional().meta({ title: 'To', description: 'only lots starting before this date or instant (default: no limit)', examples: ['2024-07-01'] }),
};

/** The filters of a parsed request, without its absent ones (library options are optional, not undefined). */
export function filtersOf(v: { material?: string | undefined; site?: string | undefined; from?: string | undefined; to?: string | undefined }): { material?: string; site?: string; from?: string; to?: string } {
  return {
    ...(v.material !== undefined ? { material: v.material } : {}), ...(v.site !== undefined ? { site: v.site } : {}),
    ...(v.from !== undefined ? { from: v.from } : {}), ...(v.to !== undefined ? { to: v.to } : {}),
  };
}

import { z } from 'zod';
import { boxPlotSvg } from '../../compare/box-plot-svg.js';
import { compareParameter, type CompareParameterOptions } from '../../compare/compare-parameter.js';
import { route, svgResponse } from '../route.js';
import { name, isoTime, finite } from '../schemas.js';


const query = z.object({
  parameter: name, by: name.default('site').describe('site, equipment, supplier, campaign, status, <step>.equipment or a lot attribute'),
  material: name.optional(), site: name.optional(), from: isoTime.optional(), to: isoTime.optional(),
  reference: name.optional(), margin: finite.optional().describe('equivalence margin for TOST'), alpha: z.coerce.number().min(0.001).max(0.5).optional(),
  lsl: finite.optional(), usl: finite.optional(),
});

function options(q: z.infer<typeof query>): CompareParameterOptions {
  const spec = q.lsl !== undefined || q.usl !== undefined ? { spec: { ...(q.lsl !== undefined ? { lsl: q.lsl } : {}), ...(q.usl !== undefined ? { usl: q.usl } : {}) } } : {};
  return {
    parameter: q.parameter, by: q.by, ...spec,
    ...(q.material ? { material: q.material } : {}), ...(q.site ? { site: q.site } : {}), ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}),
    ...(q.reference ? { reference: q.reference } : {}), ...(q.margin !== undefined ? { margin: q.margin } : {}), ...(q.alpha ? { alpha: q.alpha } : {}),
  };
}

/** Site-to-site and factor comparison (tech transfer). */
export const compareRoutes = [
  route({ method: 'get', path: '/compare', tag: 'compare', permission: 'read', summary: 'Compare a parameter by a factor: per-group statistics and capability, ANOVA, Welch, Tukey HSD, Kruskal–Wallis, Levene, TOST equivalence', query, handler: async ({ store, query: q }) => compareParameter(store, options(q)) }),
  route({
    method: 'get', path: '/compare/svg', tag: 'compare', permission: 'read', summary: 'Box plots per group, as SVG', query,
    handler: async ({ store, query: q }) => {
      const c = await compareParameter(store, options(q));
      return svgResponse(boxPlotSvg(c.comparison.groups, { title: `${c.parameter} by ${c.by}`, yLabel: c.parameter, ...(c.spec ? { spec: c.spec } : {}) }));
    },
  }),
];

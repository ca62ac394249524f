import { z } from 'zod';
import { renderControlChart } from '../../chart/control-chart-svg.js';
import { renderCapability } from '../../chart/histogram-svg.js';
import { AppError } from '../../core/errors.js';
import { BY_FACTORS } from '../../spc/chart-data.js';
import { capabilityReport } from '../../spc/capability-report.js';
import { controlChart, type ControlChartRequest } from '../../spc/control-chart.js';
import { approveLimits, listLimits, proposeLimits } from '../../spc/limits-store.js';
import { parseRules } from '../../spc/run-rules.js';
import { CHART_KINDS } from '../../spc/types.js';
import { reauthenticate } from '../auth/users.js';
import { route, svgResponse } from '../route.js';
import { name, isoTime, finite, reason } from '../schemas.js';

const chartQuery = z.object({
  parameter: name, material: name.optional(), chart: z.enum(CHART_KINDS as unknown as [string, ...string[]]).default('imr'),
  site: name.optional(), from: isoTime.optional(), to: isoTime.optional(), by: z.enum(BY_FACTORS as unknown as [string, ...string[]]).optional(),
  subgroup: z.coerce.number().int().min(2).max(25).optional(), rules: z.string().max(200).default('we1,we2,we3,we4').describe("rule ids (we1…we4, nelson1…nelson8), 'nelson', 'we', 'all' or 'none'"),
  stored: z.enum(['true', 'false']).optional().describe('judge points against the approved stored limits'),
  baselineFrom: isoTime.optional(), baselineTo: isoTime.optional(), baselineLots: z.string().max(20000).optional(),
  lambda: finite.optional(), nsigmas: finite.optional(), k: finite.optional(), h: finite.optional(),
});

function chartRequest(q: z.infer<typeof chartQuery>): ControlChartRequest {
  const baseline = q.baselineLots ? { lots: q.baselineLots.split(',') } : q.baselineFrom && q.baselineTo ? { from: q.baselineFrom, to: q.baselineTo } : undefined;
  return {
    parameter: q.parameter, chart: q.chart as ControlChartRequest['chart'], rules: parseRules(q.rules),
    ...(q.material ? { material: q.material } : {}), ...(q.site ? { site: q.site } : {}), ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}),
    ...(q.by ? { by: q.by as never } : {}), ...(q.subgroup ? { subgroup: q.subgroup } : {}), ...(baseline ? { baseline } : {}), ...(q.stored === 'true' ? { useStored: true } : {}),
    ...(q.lambda !== undefined ? { lambda: q.lambda } : {}), ...(q.nsigmas !== undefined ? { nsigmas: q.nsigmas } : {}), ...(q.k !== undefined ? { k: q.k } : {}), ...(q.h !== undefined ? { h: q.h } : {}),
  } as ControlChartRequest;
}

const capQuery = z.object({
  parameter: name, material: name.optional(), site: name.optional(), from: isoTime.optional(), to: isoTime.optional(),
  lsl: finite.optional(), usl: finite.optional(), target: finite.optional(),
  distribution: z.enum(['auto', 'normal', 'lognormal', 'weibull', 'box-cox']).default('auto'), confidence: z.coerce.number().min(0.5).max(0.999).optional(),
});

function capRequest(q: z.infer<typeof capQuery>) {
  const spec = { ...(q.lsl !== undefined ? { lsl: q.lsl } : {}), ...(q.usl !== undefined ? { usl: q.usl } : {}), ...(q.target !== undefined ? { target: q.target } : {}) };
  return {
    parameter: q.parameter, distribution: q.distribution as never, spec,
    ...(q.material ? { material: q.material } : {}), ...(q.site ? { site: q.site } : {}), ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}),
    ...(q.confidence ? { confidence: q.confidence } : {}),
  };
}

/** Control charts, run rules, versioned limits, capability. */
export const spcRoutes = [
  route({ method: 'get', path: '/spc', tag: 'spc', permission: 'read', summary: 'A control chart over lots in time order, with limits, run-rule violations and their sentences', query: chartQuery, handler: async ({ store, query }) => controlChart(store, chartRequest(query)) }),
  route({
    method: 'get', path: '/spc/svg', tag: 'spc', permission: 'read', summary: 'The control chart as SVG (first panel, or the panel named by `panel`)', query: chartQuery.extend({ panel: name.optional() }),
    handler: async ({ store, query }) => {
      const report = await controlChart(store, chartRequest(query));
      const panel = report.panels.find((p) => p.key === query.panel) ?? report.panels[0];
      if (!panel) throw new AppError('no_data', `no ${query.parameter} values in range`, 'widen the filters');
      return svgResponse(renderControlChart(panel, { title: query.parameter, subtitle: `${report.material}${panel.key ? ' · ' + panel.key : ''}` }));
    },
  }),
  route({ method: 'get', path: '/limits', tag: 'spc', permission: 'read', summary: 'Stored control-limit versions (proposed and approved), with who, when, why', query: z.object({ material: name.optional(), parameter: name.optional(), chart: name.optional() }), handler: async ({ store, query }) => ({ limits: await listLimits(store, Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined))) }) }),
  route({
    method: 'post', path: '/limits', tag: 'spc', permission: 'limits.propose', summary: 'Propose a new version of control limits (never rewrites an old one)',
    body: z.object({ material: name, parameter: name, chart: name, validFrom: isoTime, center: z.number(), sigma: z.number().positive(), lcl: z.number(), ucl: z.number(), settings: z.record(z.string(), z.unknown()).optional(), baseline: z.record(z.string(), z.unknown()).optional(), reason }),
    handler: async ({ store, actor, body }) => {
      const { reason: _r, ...proposal } = body;
      return { limits: await proposeLimits(store, proposal as never, actor) };
    },
  }),
  route({
    method: 'post', path: '/limits/approve', tag: 'spc', permission: 'limits.approve', summary: 'Approve a proposed version (quality only; re-enter your password; recorded with the reason)',
    body: z.object({ material: name, parameter: name, chart: name, version: z.number().int().min(1), password: z.string().min(1).max(1024), reason }),
    handler: async ({ store, actor, body, user, c }) => {
      await reauthenticate(store, user!.username, body.password, c.req.header('x-forwarded-for') ?? 'local');
      return { limits: await approveLimits(store, { material: body.material, parameter: body.parameter, chart: body.chart, version: body.version } as never, actor) };
    },
  }),
  route({
    method: 'get', path: '/capability', tag: 'spc', permission: 'read', summary: 'Capability (Cp, Cpk, Pp, Ppk, Cpm with intervals), normality, non-normal method, ppm', query: capQuery,
    handler: async ({ store, query }) => {
      const r = await capabilityReport(store, capRequest(query));
      return { parameter: r.parameter, material: r.material, specSource: r.specSource, ...r.result, notes: r.notes };
    },
  }),
  route({
    method: 'get', path: '/capability/svg', tag: 'spc', permission: 'read', summary: 'The capability histogram with specification limits and fitted curve, as SVG', query: capQuery,
    handler: async ({ store, query }) => {
      const r = await capabilityReport(store, capRequest(query));
      return svgResponse(renderCapability(r.values, r.result, { title: query.parameter, subtitle: `${r.material} · ${r.specSource}` }));
    },
  }),
];

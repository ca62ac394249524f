import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { DataState } from '../../records/data-state.js';
import { formatRef, parseRef } from '../../records/record-ref.js';
import { worksheetRef } from '../../records/record-content.js';
import { VIEW_NAMES } from '../../records/worksheet-views.js';
import { rerunWorksheet } from '../../records/worksheet-rerun.js';
import { getWorksheet, listWorksheets, saveWorksheet, worksheetHistory, type WorksheetInput } from '../../records/worksheets.js';
import { MEANINGS } from '../../signatures/signature.js';
import { signRecord } from '../../signatures/sign.js';
import { listSignatures, signaturesOf } from '../../signatures/signatures-read.js';
import { verifySignatures } from '../../signatures/verify.js';
import { allows } from '../permissions.js';
import { route, type RouteContext } from '../route.js';
import { name } from '../schemas.js';

const recordText = z.string().min(3).max(1000).describe("the record and version, KIND:ID@VERSION, e.g. 'limits:TAB/assay/imr@2' or 'worksheet:12@1'");
const worksheetId = z.object({ id: z.coerce.number().int().min(1) });
const addressOf = (c: RouteContext<unknown, unknown, unknown>['c']) => c.req.header('x-forwarded-for') ?? 'local';

/** A worksheet's inputs: the view's request as the view sent it (the same names as its API route). */
const saveBody = z.object({
  name: z.string().min(1).max(200).describe('a name people recognise, e.g. "assay I-MR 2025"'),
  view: z.enum(VIEW_NAMES as [string, ...string[]]).optional().describe('which view (not needed with job)'),
  inputs: z.record(z.string(), z.unknown()).optional().describe("the view's request: the fields of its API route (not needed with job)"),
  job: z.string().uuid().optional().describe('save the result of this finished job of yours (an explain run) instead of computing again'),
  reason: z.string().optional().describe('why; required for a new version'),
});

/** What to save: from a finished job (its request, result and data state), or inputs to compute now. */
function toSave(ctx: RouteContext<unknown, z.output<typeof saveBody>, unknown>, worksheet?: number): WorksheetInput {
  const b = ctx.body;
  if (b.job) {
    const job = ctx.jobs.get(b.job, ctx.user!.username);
    if (job.status !== 'done' || !job.record) throw new AppError('job_not_done', `job ${b.job} is ${job.status}${job.record ? '' : ' and cannot be saved'}`, 'save it when it has finished');
    if (b.view && b.view !== job.kind) throw new AppError('unknown_view', `job ${b.job} is a ${job.kind} run, not ${b.view}`, `save it with view '${job.kind}' or without a view`);
    return { ...(worksheet !== undefined ? { worksheet } : {}), name: b.name, view: job.kind, inputs: job.record.request, computed: { result: job.result, dataState: job.record.dataState as DataState } };
  }
  if (!b.view || !b.inputs) throw new AppError('bad_request', 'give view and inputs, or the job to save', 'e.g. {"name": "assay chart", "view": "spc", "inputs": {"parameter": "assay"}}');
  return { ...(worksheet !== undefined ? { worksheet } : {}), name: b.name, view: b.view, inputs: b.inputs };
}

/** Saved analyses as records (worksheets), and electronic signatures of records. */
export const recordRoutes = [
  route({
    method: 'get', path: '/worksheets', tag: 'records', permission: 'read', summary: 'Every worksheet (saved view), its latest version without the result',
    handler: async ({ store }) => ({ worksheets: await listWorksheets(store) }),
  }),
  route({
    method: 'post', path: '/worksheets', tag: 'records', permission: 'worksheets.save', needsReason: false, body: saveBody,
    summary: 'Save a view as a new worksheet: its inputs, the data state, the software version and the result (computed now, or taken from your finished job)',
    handler: async (ctx) => saveWorksheet(ctx.store, toSave(ctx), ctx.actor),
  }),
  route({
    method: 'get', path: '/worksheets/:id', tag: 'records', permission: 'read', params: worksheetId, query: z.object({ version: z.coerce.number().int().min(1).optional() }),
    summary: 'One version of a worksheet (the latest by default) with its result and its signatures',
    handler: async ({ store, params, query }) => {
      const w = await getWorksheet(store, params.id, query.version);
      return { ...w, record: formatRef(worksheetRef(w)), signatures: await signaturesOf(store, worksheetRef(w)) };
    },
  }),
  route({
    method: 'get', path: '/worksheets/:id/versions', tag: 'records', permission: 'read', params: worksheetId, summary: 'Every version of a worksheet, oldest first, with who saved it, when and why',
    handler: async ({ store, params }) => ({ versions: await worksheetHistory(store, params.id) }),
  }),
  route({
    method: 'post', path: '/worksheets/:id', tag: 'records', permission: 'worksheets.save', params: worksheetId, body: saveBody,
    summary: 'Save a new version of a worksheet (the old ones stay); needs a reason',
    handler: async (ctx) => saveWorksheet(ctx.store, toSave(ctx, ctx.params.id), ctx.actor),
  }),
  route({
    method: 'post', path: '/worksheets/:id/run', tag: 'records', permission: 'read', needsReason: false, params: worksheetId, body: z.object({ version: z.number().int().min(1).optional() }),
    summary: 'Run a saved version again on the data as it is now (a job): does its result reproduce, on the same data state?',
    handler: async ({ jobs, params, body, user, actor }) => jobs.start('worksheet-run', user!.username, (logger, signal, store) => rerunWorksheet(store, params.id, body.version, { logger, signal, actor })),
  }),
  route({
    method: 'post', path: '/signatures', tag: 'records', permission: 'records.sign', needsReason: false,
    body: z.object({
      record: recordText, meaning: z.enum(MEANINGS).describe('what the signature means'),
      password: z.string().min(1).max(1024).describe('your own password, entered again'),
      reason: z.string().max(2000).optional().describe('why, for the audit trail'),
      signer: z.string().optional().describe('only ever yourself: a request naming another user is refused'),
    }),
    summary: 'Sign a record version as yourself (re-enter your password; a wrong one counts toward the lock-out); meaning authored, reviewed or approved',
    handler: async ({ store, body, user, c }) => {
      if (body.signer !== undefined && body.signer !== user!.username)
        throw new AppError('sign_for_other', `${user!.username} cannot sign as ${body.signer}`, 'each person signs only for themself, logged in with their own account');
      const record = parseRef(body.record);
      if (body.meaning === 'approved' && (record.kind === 'limits' || record.kind === 'specification') && !allows(user!.role, 'limits.approve'))
        throw new AppError('forbidden', `your role (${user!.role}) cannot approve ${record.kind}`, 'approving limits and specifications needs the quality role');
      return signRecord(store, { signer: user!.username, meaning: body.meaning, record, ...(body.reason ? { reason: body.reason } : {}) }, body.password, addressOf(c));
    },
  }),
  route({
    method: 'get', path: '/signatures', tag: 'records', permission: 'read', query: z.object({ record: recordText.optional(), signer: name.optional() }),
    summary: 'Signatures: of one record version, of one signer, or all',
    handler: async ({ store, query }) => ({
      signatures: query.record ? await signaturesOf(store, parseRef(query.record)) : await listSignatures(store, query.signer ? { signer: query.signer } : {}),
    }),
  }),
  route({
    method: 'get', path: '/signatures/verify', tag: 'records', permission: 'read', query: z.object({ record: recordText.optional() }),
    summary: "Verify signatures (of one record version, or all): binding hash, audit entry, and the record's content hash recomputed now",
    handler: async ({ store, query }) => verifySignatures(store, query.record ? parseRef(query.record) : undefined),
  }),
];

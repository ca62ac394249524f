import { z } from 'zod';
import { SOFTWARE } from '../../core/version.js';
import { auditCsv, auditReportDocument } from '../../report/audit-report.js';
import { renderReport } from '../../report/output.js';
import { readAudit } from '../../store/audit.js';
import { exportAudit } from '../../store/audit-export.js';
import { verifyAudit } from '../../store/audit-verify.js';
import { createUser, listUsers, updateUser } from '../auth/users.js';
import { route } from '../route.js';
import { ROLES } from '../permissions.js';
import { isoTime, name, reason } from '../schemas.js';

/** Users (admin only) and the audit trail (quality and admin). */
export const adminRoutes = [
  route({ method: 'get', path: '/users', tag: 'admin', permission: 'users.manage', summary: 'List users', handler: async ({ store }) => ({ users: await listUsers(store) }) }),
  route({
    method: 'post', path: '/users', tag: 'admin', permission: 'users.manage', summary: 'Create a user',
    body: z.object({ username: z.string(), role: z.enum(ROLES), password: z.string().min(12), displayName: z.string().optional(), reason }),
    handler: async ({ store, actor, body }) => ({
      user: await createUser(store, actor, { username: body.username, role: body.role, password: body.password, ...(body.displayName ? { displayName: body.displayName } : {}) }),
    }),
  }),
  route({
    method: 'put', path: '/users/:username', tag: 'admin', permission: 'users.manage', summary: 'Change role or display name, disable or enable, unlock or reset the password of a user (audited, with the reason)',
    params: z.object({ username: z.string() }),
    body: z.object({ role: z.enum(ROLES).optional(), displayName: z.string().max(200).nullable().optional(), disabled: z.boolean().optional(), unlock: z.boolean().optional(), password: z.string().min(12).optional(), reason }),
    handler: async ({ store, actor, body, params }) => {
      const { reason: _r, ...change } = body;
      return { user: await updateUser(store, actor, params.username, change) };
    },
  }),
  route({
    method: 'get', path: '/audit', tag: 'admin', permission: 'audit.read', summary: 'The audit trail, newest first',
    query: z.object({ entity: z.string().max(64).optional(), key: z.string().max(256).optional(), limit: z.coerce.number().int().min(1).max(10000).default(200) }),
    handler: async ({ store, query }) => ({ entries: await readAudit(store, query) }),
  }),
  route({
    method: 'get', path: '/audit/verify', tag: 'admin', permission: 'audit.read', summary: 'Recompute the hash chain of the whole audit trail; names the first entry that differs',
    handler: async ({ store }) => verifyAudit(store),
  }),
  route({
    method: 'get', path: '/audit/export', tag: 'admin', permission: 'audit.read', summary: 'The entries about a lot, a product or a period, with the verification of the whole chain, as JSON, CSV, HTML or PDF',
    query: z.object({
      lot: name.optional(), product: name.optional(), from: isoTime.optional(), to: isoTime.optional(),
      limit: z.coerce.number().int().min(1).max(100000).default(100000), format: z.enum(['json', 'csv', 'html', 'pdf']).default('json'),
    }),
    handler: async ({ store, query }) => {
      const { format, ...filter } = query;
      const x = await exportAudit(store, Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)));
      if (format === 'json') return x;
      if (format === 'csv') return new Response(auditCsv(x), { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="audit.csv"' } });
      const bytes = await renderReport(auditReportDocument(x, SOFTWARE), format);
      return new Response(Buffer.from(bytes), { headers: format === 'pdf' ? { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="audit.pdf"' } : { 'content-type': 'text/html; charset=utf-8' } });
    },
  }),
];

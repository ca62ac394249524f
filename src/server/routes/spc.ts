import { z } from 'zod';
import { capabilityFigureVerb, capabilityVerb, limitsApproveVerb, limitsListVerb, limitsProposeVerb, spcFigureVerb, spcVerb } from '../../spc/spc-verbs.js';
import { limitsRef } from '../../records/record-content.js';
import { recordSignature } from '../../signatures/sign.js';
import type { StoredLimits } from '../../spc/limits-store.js';
import { reauthenticate } from '../auth/users.js';
import { verbRoute } from '../verb-route.js';

/** Control charts, run rules, versioned limits, capability: the spc verbs over HTTP. */
export const spcRoutes = [
  verbRoute(spcVerb, { method: 'get', path: '/spc', tag: 'spc', permission: 'read' }),
  verbRoute(spcFigureVerb, { method: 'get', path: '/spc/svg', tag: 'spc', permission: 'read', document: 'svg' }),
  verbRoute(limitsListVerb, { method: 'get', path: '/limits', tag: 'spc', permission: 'read' }),
  verbRoute(limitsProposeVerb, { method: 'post', path: '/limits', tag: 'spc', permission: 'limits.propose', summary: 'Propose control limits computed from a phase I baseline (the chart fields, as for /spc) as a new version; never rewrites an old one' }),
  verbRoute(limitsApproveVerb, {
    method: 'post', path: '/limits/approve', tag: 'spc', permission: 'limits.approve',
    summary: 'Approve a proposed version (quality only; re-enter your password; recorded with the reason)',
    extra: { password: z.string().min(1).max(1024).describe('your password, entered again (an electronic signature)') },
    guard: async ({ store, user, raw, c }) => {
      const password = (raw as { password?: unknown }).password;
      await reauthenticate(store, user!.username, typeof password === 'string' ? password : '', c.req.header('x-forwarded-for') ?? 'local');
    },
    // The approval is an electronic signature (meaning: approved), stored with it in one transaction.
    after: async ({ store, user, actor }, _input, limits: StoredLimits) => ({
      ...limits,
      signature: await recordSignature(store, { signer: user!.username, meaning: 'approved', record: limitsRef(limits), ...(actor.reason ? { reason: actor.reason } : {}) }),
    }),
  }),
  verbRoute(capabilityVerb, { method: 'get', path: '/capability', tag: 'spc', permission: 'read' }),
  verbRoute(capabilityFigureVerb, { method: 'get', path: '/capability/svg', tag: 'spc', permission: 'read', document: 'svg' }),
];

import { networkHealth } from '../../network/hub-state.js';
import { route } from '../route.js';

/** A network of sites: the health the hub records per site (src/network). */
export const networkRoutes = [
  route({
    method: 'get', path: '/network', tag: 'network', permission: 'read',
    summary: 'Every site the hub reads: status, lag on the hub\'s clock, messages waiting at the hub and in the agent\'s outbox, clock skew, parked batches',
    handler: async ({ store }) => ({ at: new Date(), sites: await networkHealth(store) }),
  }),
];

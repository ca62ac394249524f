import { z } from 'zod';
import { listEquipment, listMaterials, listSites, listSteps, listTags } from '../../model/catalog.js';
import { route } from '../route.js';

const name = z.string().min(1).max(200);

/** The navigator: sites, equipment, materials, products and steps, tags. */
export const catalogRoutes = [
  route({ method: 'get', path: '/sites', tag: 'catalog', permission: 'read', summary: 'Sites with time zone and counts', handler: async ({ store }) => ({ sites: await listSites(store) }) }),
  route({
    method: 'get', path: '/equipment', tag: 'catalog', permission: 'read', summary: 'Equipment hierarchy of a site (or all)',
    query: z.object({ site: name.optional() }), handler: async ({ store, query }) => ({ equipment: await listEquipment(store, query.site) }),
  }),
  route({ method: 'get', path: '/materials', tag: 'catalog', permission: 'read', summary: 'Materials (product, intermediates, raw) with lot counts', handler: async ({ store }) => ({ materials: await listMaterials(store) }) }),
  route({
    method: 'get', path: '/steps', tag: 'catalog', permission: 'read', summary: 'Products and their ordered steps',
    query: z.object({ product: name.optional() }), handler: async ({ store, query }) => ({ steps: await listSteps(store, query.product) }),
  }),
  route({
    method: 'get', path: '/tags', tag: 'catalog', permission: 'read', summary: 'Tags with unit, signal and limits',
    query: z.object({ equipment: name.optional(), site: name.optional() }),
    handler: async ({ store, query }) => ({ tags: await listTags(store, { ...(query.equipment ? { equipment: query.equipment } : {}), ...(query.site ? { site: query.site } : {}) }) }),
  }),
];

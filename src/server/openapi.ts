import { z } from 'zod';
import { esc as escapeMarkup } from '../chart/svg.js';
import type { RouteSpec } from './route.js';
import { PERMISSIONS } from './permissions.js';

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  // OpenAPI 3.1 uses JSON Schema 2020-12, which is zod's default target.
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** Builds the OpenAPI 3.1 document from the route specs (the same schemas that validate input). */
export function openApiDocument(specs: RouteSpec<any, any, any>[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const s of specs) {
    const path = '/api' + s.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    const addParams = (schema: z.ZodType | undefined, where: 'path' | 'query') => {
      if (!schema) return;
      const js = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, prop] of Object.entries(js.properties ?? {})) {
        // A list in a query is comma-separated: a,b,c (OpenAPI's form style without explode).
        const list = (prop as { type?: string }).type === 'array' ? { style: 'form', explode: false } : {};
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: prop, description: (prop as { description?: string }).description, ...list });
      }
    };
    addParams(s.params as z.ZodType | undefined, 'path');
    addParams(s.query as z.ZodType | undefined, 'query');
    const perm = PERMISSIONS[s.permission];
    paths[path] ??= {};
    paths[path]![s.method] = {
      summary: s.summary,
      tags: [s.tag],
      description: `Permission: \`${s.permission}\` (${perm.text}; roles: ${perm.roles === 'anyone' ? 'anyone' : perm.roles.join(', ')}).` +
        (s.method !== 'get' && s.permission !== 'public' ? ' Send the CSRF token in the X-CSRF-Token header.' : ''),
      parameters,
      ...(s.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(s.body as z.ZodType) } } } } : {}),
      responses: {
        '200': { description: s.returns ?? 'OK', content: { [s.produces ?? 'application/json']: {} } },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
      ...(s.permission === 'public' ? { security: [] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'causeway API', version, description: 'Process intelligence for manufacturing networks. Every library verb over HTTP. Errors are JSON with a stable code, a message and a hint.' },
    servers: [{ url: '/' }],
    security: [{ session: [] }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'causeway_session' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message', 'hint'], properties: { code: { type: 'string' }, message: { type: 'string' }, hint: { type: 'string' } } } },
        },
      },
    },
    paths,
  };
}

/** A readable page for the OpenAPI document, generated from it (no external assets). */
export function openApiPage(doc: Record<string, unknown>): string {
  const esc = (s: unknown) => escapeMarkup(String(s ?? ''));
  const paths = doc.paths as Record<string, Record<string, { summary: string; tags: string[]; description: string; parameters: { name: string; in: string; required: boolean }[]; requestBody?: unknown }>>;
  const byTag = new Map<string, string[]>();
  for (const [p, ops] of Object.entries(paths))
    for (const [m, op] of Object.entries(ops)) {
      const params = op.parameters.map((x) => `<code>${esc(x.name)}</code> (${esc(x.in)}${x.required ? ', required' : ''})`).join(', ');
      const row = `<tr><td><b>${m.toUpperCase()}</b></td><td><code>${esc(p)}</code></td><td>${esc(op.summary)}<br><small>${esc(op.description)}</small>${params ? `<br><small>parameters: ${params}</small>` : ''}${op.requestBody ? '<br><small>JSON body (see openapi.json)</small>' : ''}</td></tr>`;
      const tag = op.tags[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), row]);
    }
  const sections = [...byTag].map(([tag, rows]) => `<h2>${esc(tag)}</h2><table>${rows.join('')}</table>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>causeway API</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2433}table{border-collapse:collapse;width:100%}td{border-top:1px solid #e3e6ec;padding:.4rem;vertical-align:top}code{background:#f3f5f8;padding:0 .25rem}h2{margin-top:2rem}</style></head>
<body><h1>causeway API</h1><p>${esc((doc.info as { description: string }).description)} Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>${sections}</body></html>`;
}

import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_ROOT } from '../src/server/routes/imports.js';
import { finishedJob, login, testApp, userOf } from './support/app.js';
import { PROJECT_ROOT } from './support/shared-data.js';

let env: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'causeway-imports-'));
  cpSync(path.join(PROJECT_ROOT, 'examples', 'folder'), path.join(root, 'example'), { recursive: true });
  mkdirSync(path.join(root, 'empty'));
  const outside = mkdtempSync(path.join(os.tmpdir(), 'causeway-outside-'));
  symlinkSync(outside, path.join(root, 'escape'));
  IMPORT_ROOT.dir = root;
  env = await testApp();
});
afterAll(() => env.store.close());


describe('imports over HTTP', () => {
  it('lists the folders of the import root and imports one as a job', async () => {
    const c = await login(env.app, userOf('manufacturing'));
    const folders = await c.json('GET', '/api/imports/folders');
    // The symbolic link 'escape' is not listed: only real folders are sources.
    expect(folders.body.folders).toEqual(['empty', 'example']);
    const started = await c.json('POST', '/api/imports', { folder: 'example', reason: 'first data of the pilot site' });
    expect(started.status).toBe(200);
    const job = await finishedJob(c, started.body.id);
    expect(job.status).toBe('done');
    expect(job.result.unchanged).toBe(false);
    expect(Number(await env.store.value('SELECT count(*) FROM lots'))).toBeGreaterThan(0);
    const again = await finishedJob(c, (await c.json('POST', '/api/imports', { folder: 'example', reason: 're-run' })).body.id);
    expect(again.result.unchanged).toBe(true);
  });

  it('refuses every path that is not a folder name directly under the root', async () => {
    const c = await login(env.app, userOf('admin'));
    for (const folder of ['..', '../etc', '/etc/passwd', 'example/../../x', 'a/b', '.hidden', 'example\u0000', '%2e%2e']) {
      const r = await c.json('POST', '/api/imports', { folder, reason: 'traversal attempt' });
      expect(r.status, folder).toBe(400);
      expect(r.body.error.code, folder).toBe('bad_folder');
    }
    const link = await c.json('POST', '/api/imports', { folder: 'escape', reason: 'symlink out of the root' });
    expect(link.body.error.code).toBe('bad_folder');
    expect(link.body.error.message).toMatch(/outside the import root/);
  });

  it('lets only the roles of the matrix import', async () => {
    const viewer = await login(env.app, userOf('viewer'));
    expect((await viewer.json('POST', '/api/imports', { folder: 'example', reason: 'not allowed' })).status).toBe(403);
    const quality = await login(env.app, userOf('quality'));
    expect((await quality.json('GET', '/api/imports/folders')).status).toBe(200);
  });
});

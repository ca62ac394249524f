/**
 * Electronic signatures bound to their records (21 CFR 11.50, 11.70, 11.200): signing needs the
 * signer's own password through the login check; verification recomputes the record's content
 * hash, the binding hash and the audit entry, and plain SQL edits are caught.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../src/records/canonical.js';
import { limitsRef, recordContent, specificationRef } from '../src/records/record-content.js';
import { formatRef, parseRef } from '../src/records/record-ref.js';
import { signatureHash } from '../src/signatures/signature.js';
import { signRecord } from '../src/signatures/sign.js';
import { listSignatures } from '../src/signatures/signatures-read.js';
import { verifySignatures } from '../src/signatures/verify.js';
import { proposeLimits } from '../src/spc/limits-store.js';
import { verifyAudit } from '../src/store/audit-verify.js';
import type { Store } from '../src/store/store.js';
import { TEST_PASSWORD } from './support/app.js';
import { recordsFixture } from './records-fixture.js';

let store: Store;
const V1 = { material: 'TAB', parameter: 'assay', chart: 'imr' as const };
beforeEach(async () => {
  store = await recordsFixture();
  const mia = { user: 'mia', reason: 'phase I on January lots' };
  await proposeLimits(store, { ...V1, validFrom: '2024-01-01', center: 100, sigma: 1.5, lcl: 95.5, ucl: 104.5 }, mia);
  await proposeLimits(store, { ...V1, validFrom: '2024-02-01', center: 101, sigma: 1.5, lcl: 96.5, ucl: 105.5 }, mia);
});
afterEach(() => store.close());

const v1 = limitsRef({ ...V1, version: 1 });
const v2 = limitsRef({ ...V1, version: 2 });

describe('canonical content', () => {
  it('is RFC 8785 JSON: members sorted by key, no white space, shortest numbers', () => {
    expect(canonicalJson({ b: 1.5e-7, a: [true, null, 'é'], c: { z: 1, y: 100 } })).toBe('{"a":[true,null,"é"],"b":1.5e-7,"c":{"y":100,"z":1}}');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('of a limits version is its numbers, baseline and who set them; the signature stores its SHA-256', async () => {
    const content = await recordContent(store, v1) as Record<string, unknown>;
    expect(content).toMatchObject({ record: 'limits', material: 'TAB', parameter: 'assay', chart: 'imr', version: 1, validFrom: '2024-01-01T00:00:00.000Z', center: 100, lcl: 95.5, ucl: 104.5, setBy: 'mia', reason: 'phase I on January lots' });
    const sig = await signRecord(store, { signer: 'quinn', meaning: 'reviewed', record: v1, reason: 'limits checked' }, TEST_PASSWORD, 'test');
    expect(sig.contentSha256).toBe(sha256Hex(canonicalJson(content)));
    expect(sig).toMatchObject({ signer: 'quinn', signerName: 'Quinn Quality', meaning: 'reviewed', record: { kind: 'limits', id: 'TAB/assay/imr', version: '1' } });
    expect(formatRef(sig.record)).toBe('limits:TAB/assay/imr@1');
    expect(sig.signatureHash).toBe(signatureHash(sig));
  });
});

describe('signing and verifying', () => {
  it('a fresh signature verifies; it is in the audit trail, which still verifies', async () => {
    const sig = await signRecord(store, { signer: 'quinn', meaning: 'approved', record: v1 }, TEST_PASSWORD, 'test');
    const v = await verifySignatures(store, v1);
    expect(v).toMatchObject({ ok: true, checked: 1, failed: 0, missing: [], auditTrail: { ok: true } });
    const entry = await store.one<{ user_name: string; entity_key: string; field: string; new_value: string }>("SELECT user_name, entity_key, field, new_value FROM audit WHERE action = 'sign'");
    expect(entry).toMatchObject({ user_name: 'quinn', entity_key: 'limits:TAB/assay/imr@1', field: 'approved' });
    expect(JSON.parse(entry!.new_value)).toMatchObject({ signatureId: sig.signatureId, signatureHash: sig.signatureHash, contentSha256: sig.contentSha256 });
    expect((await verifyAudit(store)).ok).toBe(true);
  });

  it('a record changed after signing fails (plain SQL edit of the limits)', async () => {
    await signRecord(store, { signer: 'quinn', meaning: 'approved', record: v1 }, TEST_PASSWORD, 'test');
    await store.run("UPDATE control_limits SET ucl = 106 WHERE version = 1");
    const v = await verifySignatures(store, v1);
    expect(v.ok).toBe(false);
    expect(v.signatures[0]!.problems.map((p) => p.problem)).toEqual(['content']);
    expect(v.signatures[0]!.problems[0]!.message).toContain('limits:TAB/assay/imr@1 was changed after quinn signed it (approved)');
    // The other version was not signed, and nothing else is reported.
    expect((await verifySignatures(store, v2)).checked).toBe(0);
  });

  it('a specification changed after signing fails', async () => {
    const spec = specificationRef({ material: 'TAB', parameter: 'assay', validFrom: '2024-01-01T00:00:00Z' });
    expect(formatRef(spec)).toBe('specification:TAB/assay@2024-01-01T00:00:00.000Z');
    await signRecord(store, { signer: 'quinn', meaning: 'approved', record: spec }, TEST_PASSWORD, 'test');
    expect((await verifySignatures(store, spec)).ok).toBe(true);
    await store.run("UPDATE specifications SET usl = 110");
    const v = await verifySignatures(store, spec);
    expect(v.signatures[0]!.problems.map((p) => p.problem)).toEqual(['content']);
  });

  it('a signature row moved to another record fails: binding and audit entry; the record it left reports it missing', async () => {
    const sig = await signRecord(store, { signer: 'quinn', meaning: 'approved', record: v1 }, TEST_PASSWORD, 'test');
    // v2 has different numbers; move the signature so that it seems to approve v2, and fix up its content hash.
    const v2Hash = sha256Hex(canonicalJson(await recordContent(store, v2)));
    await store.run("UPDATE signatures SET record_version = '2', content_sha256 = $1", [v2Hash]);
    const onV2 = await verifySignatures(store, v2);
    expect(onV2.ok).toBe(false);
    expect(onV2.signatures[0]!.problems.map((p) => p.problem)).toEqual(['binding', 'audit']);
    const onV1 = await verifySignatures(store, v1);
    expect(onV1.ok).toBe(false);
    expect(onV1.missing.map((m) => m.signatureId)).toEqual([sig.signatureId]);

    // Recomputing the binding hash too (someone who read the code) still leaves the audit entry disagreeing.
    const [moved] = await listSignatures(store);
    await store.run('UPDATE signatures SET signature_hash = $1', [signatureHash(moved!)]);
    const again = await verifySignatures(store, v2);
    expect(again.signatures[0]!.problems.map((p) => p.problem)).toEqual(['audit']);
    expect(again.ok).toBe(false);
  });

  it('a signature inserted with plain SQL (no audit entry) fails as unaudited', async () => {
    const sig = await signRecord(store, { signer: 'quinn', meaning: 'approved', record: v1 }, TEST_PASSWORD, 'test');
    const forged = { ...sig, signatureId: 99, meaning: 'reviewed' as const };
    await store.run("INSERT INTO signatures SELECT 99, signer, signer_name, signed_at, 'reviewed', record_kind, record_id, record_version, content_sha256, $1, reason FROM signatures", [signatureHash(forged)]);
    const v = await verifySignatures(store, v1);
    expect(v.signatures.map((c) => [c.signature.signatureId, c.problems.map((p) => p.problem)])).toEqual([[sig.signatureId, []], [99, ['unaudited']]]);
  });

  it('a wrong password is refused and counts toward the lock-out; nothing is signed', async () => {
    for (let i = 0; i < 5; i++) {
      await expect(signRecord(store, { signer: 'quinn', meaning: 'approved', record: v1 }, 'not my password ' + i, 'test')).rejects.toMatchObject({ code: 'reauthentication_failed' });
    }
    expect(Number(await store.value("SELECT count(*) FROM login_attempts WHERE username = 'quinn' AND NOT ok"))).toBe(5);
    await expect(signRecord(store, { signer: 'quinn', meaning: 'approved', record: v1 }, TEST_PASSWORD, 'test')).rejects.toMatchObject({ code: 'account_locked' });
    expect(await listSignatures(store)).toEqual([]);
    expect(Number(await store.value("SELECT count(*) FROM audit WHERE action = 'lockout' AND entity_key = 'quinn'"))).toBe(1);
  });

  it('signing as another user needs that user’s password: mia’s password does not sign as quinn', async () => {
    await expect(signRecord(store, { signer: 'quinn', meaning: 'approved', record: v1 }, 'mia has another password', 'test')).rejects.toMatchObject({ code: 'reauthentication_failed' });
    expect(await listSignatures(store)).toEqual([]);
  });

  it('one signature per person and meaning; a missing record is named', async () => {
    await signRecord(store, { signer: 'quinn', meaning: 'approved', record: v1 }, TEST_PASSWORD, 'test');
    await expect(signRecord(store, { signer: 'quinn', meaning: 'approved', record: v1 }, TEST_PASSWORD, 'test')).rejects.toMatchObject({ code: 'already_signed' });
    await expect(signRecord(store, { signer: 'quinn', meaning: 'approved', record: parseRef('limits:TAB/assay/imr@7') }, TEST_PASSWORD, 'test')).rejects.toMatchObject({ code: 'record_not_found' });
    expect(() => parseRef('limits:TAB/assay/imr')).toThrow(/not KIND:ID@VERSION/);
    expect(() => parseRef('lot:L01@1')).toThrow(/record kind 'lot' does not exist/);
  });
});

import { signaturesOf } from '../../signatures/signatures-read.js';
import type { Store } from '../../store/store.js';
import type { SignatureLine } from '../render/report-document.js';
import type { ReportRun } from './run-store.js';

/**
 * The electronic signatures given to a run (`report:NAME@RUN`), as the printed report shows
 * them: name, time, meaning and the content hash each one binds.
 */
export async function runSignatureLines(store: Store, run: Pick<ReportRun, 'name' | 'runId'>): Promise<SignatureLine[]> {
  const sigs = await signaturesOf(store, { kind: 'report', id: run.name, version: run.runId });
  return sigs.map((s) => ({ name: s.signerName, username: s.signer, time: s.signedAt, meaning: s.meaning, contentSha256: s.contentSha256 }));
}

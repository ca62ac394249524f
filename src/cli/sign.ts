import { Option, type Command } from 'commander';
import { AppError } from '../core/errors.js';
import { formatRef, parseRef } from '../records/record-ref.js';
import { MEANINGS, signatureLine, type Meaning } from '../signatures/signature.js';
import { signRecord } from '../signatures/sign.js';
import { listSignatures, signaturesOf } from '../signatures/signatures-read.js';
import { verifySignatures } from '../signatures/verify.js';
import { defaultUser } from '../store/store.js';
import { action, output, table, withCommon, withStore, type CommonOptions } from './common.js';
import { readPassword } from './password-prompt.js';
// Reports are signable records: their reader registers on import.
import '../report/runs/report-records.js';

const RECORD_HELP = '[string] the record and version: limits:MATERIAL/PARAMETER/CHART@VERSION, specification:MATERIAL/PARAMETER@VALID_FROM, worksheet:ID@VERSION or report:ID@VERSION';

/** `causeway sign RECORD --meaning M`, `sign verify`, `sign list`: electronic signatures. */
export function register(program: Command): void {
  // `sign verify --db x`: the subcommand's options are its own, not the parent's.
  program.enablePositionalOptions();
  const sign = withCommon(program.command('sign').enablePositionalOptions()
    .description('sign a record version as yourself (--user, default the OS user) with your password re-entered (prompted, or the first line of stdin); verify and list signatures')
    .argument('[record]', RECORD_HELP))
    .addOption(new Option('--meaning <meaning>', `[${MEANINGS.join('|')}] what the signature means (required)`))
    .action(action(async (record: string | undefined, flags: CommonOptions & { meaning?: string }) => {
      if (!record) throw new AppError('bad_record', 'name the record to sign', 'e.g. causeway sign limits:TAB/assay/imr@2 --meaning approved');
      const ref = parseRef(record);
      if (!flags.meaning || !(MEANINGS as readonly string[]).includes(flags.meaning))
        throw new AppError('bad_flag', flags.meaning ? `--meaning '${flags.meaning}' is not one of ${MEANINGS.join(', ')}` : '--meaning is required: what does your signature mean?', 'e.g. --meaning approved');
      const signer = flags.user ?? defaultUser();
      const password = await readPassword(`password of ${signer} to sign ${formatRef(ref)} (${flags.meaning}): `);
      const sig = await withStore(flags, (store) => signRecord(store, { signer, meaning: flags.meaning as Meaning, record: ref, ...(flags.reason ? { reason: flags.reason } : {}) }, password, 'cli'));
      output(flags, sig, () => `signed ${formatRef(sig.record)}: ${signatureLine(sig)}\ncontent SHA-256 ${sig.contentSha256}\nsignature ${sig.signatureId}, binding SHA-256 ${sig.signatureHash}`);
    }));

  withCommon(sign.command('verify').description('verify signatures (of one record version, or all): binding hash, audit entry, and the record\'s content hash recomputed now (exit code 1 when one fails)')
    .argument('[record]', RECORD_HELP))
    .action(action(async (record: string | undefined, flags: CommonOptions) => {
      const v = await withStore(flags, (store) => verifySignatures(store, record ? parseRef(record) : undefined), true);
      output(flags, v, () => [
        ...v.signatures.map((c) => `${c.ok ? 'ok    ' : 'FAILED'} ${formatRef(c.signature.record)}  ${signatureLine(c.signature)}${c.problems.map((p) => '\n       ' + p.message).join('')}`),
        ...v.missing.map((m) => `FAILED ${m.message}`),
        v.auditTrail.ok ? 'audit trail verified' : `AUDIT TRAIL DOES NOT VERIFY: ${v.auditTrail.firstBreak?.message ?? ''}`,
        v.ok ? `${v.checked} signature(s) verified` : `SIGNATURES DO NOT VERIFY: ${v.failed + v.missing.length} of ${v.checked + v.missing.length} failed`,
      ].join('\n'));
      if (!v.ok) process.exitCode = 1;
    }));

  withCommon(sign.command('list').description('signatures, oldest first: of one record version, or all').argument('[record]', RECORD_HELP))
    .action(action(async (record: string | undefined, flags: CommonOptions) => {
      const list = await withStore(flags, (store) => (record ? signaturesOf(store, parseRef(record)) : listSignatures(store)), true);
      output(flags, list, () => table(list.map((s) => ({ id: s.signatureId, record: formatRef(s.record), signer: s.signer, name: s.signerName, meaning: s.meaning, signed: s.signedAt, reason: s.reason ?? '' }))));
    }));
}

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { AppError } from '../core/errors.js';
import { SOFTWARE } from '../core/version.js';
import { auditCsv, auditReportDocument } from '../report/audit-report.js';
import { writeReport } from '../report/output.js';
import { readAudit } from '../store/audit.js';
import { exportAudit } from '../store/audit-export.js';
import { verifyAudit } from '../store/audit-verify.js';
import { action, cliLogger, intFlag, jsonReplacer, output, table, withCommon, withStore, type CommonOptions } from './common.js';

interface ExportFlags extends CommonOptions {
  lot?: string;
  product?: string;
  from?: string;
  to?: string;
  out?: string;
  limit?: string;
}

/** `causeway audit verify|list|export`: the verifiable audit trail. */
export function register(program: Command): void {
  program.enablePositionalOptions();
  const audit = program.command('audit').description('the audit trail: verify its hash chain, list entries, export a readable report').enablePositionalOptions();

  withCommon(audit.command('verify').description('recompute the hash chain of the whole audit trail and name the first entry that differs (exit code 1 when it does not verify)'))
    .action(action(async (flags: CommonOptions) => {
      const v = await withStore(flags, (store) => verifyAudit(store));
      output(flags, v, () => (v.ok
        ? `audit trail verified: ${v.entries} entries, each hashing onto the one before.\nhead: entry ${v.head?.auditId ?? '–'}, SHA-256 ${v.head?.hash ?? '–'} (keep it outside the store: a later verification must reach it)`
        : `AUDIT TRAIL DOES NOT VERIFY: ${v.firstBreak?.message}\n${v.entries} entries before the break verified.`));
      if (!v.ok) process.exitCode = 1;
    }));

  withCommon(audit.command('list').description('the latest entries, newest first'))
    .addOption(new Option('--entity <name>', "[string] only entries of this table or object, e.g. 'control_limits'"))
    .addOption(new Option('--key <key>', "[string] only entries with this key, e.g. 'TAB/assay/imr/v1'"))
    .addOption(new Option('--limit <n>', '[number] most entries (default: 50)'))
    .action(action(async (flags: CommonOptions & { entity?: string; key?: string; limit?: string }) => {
      const rows = await withStore(flags, (store) => readAudit(store, {
        ...(flags.entity ? { entity: flags.entity } : {}), ...(flags.key ? { key: flags.key } : {}), limit: flags.limit ? intFlag('limit', flags.limit) : 50,
      }), true);
      output(flags, rows, () => table(rows.map((r) => ({ id: r.audit_id, recorded: r.recorded_at, user: r.user_name, action: r.action, entity: r.entity, key: r.entity_key ?? '', field: r.field ?? '', new: String(r.new_value ?? '').slice(0, 60), reason: r.reason ?? '' }))));
    }));

  withCommon(audit.command('export').description('the entries about a lot, a product or a period as a readable report (.pdf, .html), or as .csv or .json, with the verification of the whole chain'))
    .addOption(new Option('--lot <lot>', '[string] entries about this lot: its values and the imports that brought them'))
    .addOption(new Option('--product <product>', '[string] entries about this product: its materials, lots, specifications, limits'))
    .addOption(new Option('--from <time>', '[string] from this instant, ISO 8601 (inclusive)'))
    .addOption(new Option('--to <time>', '[string] until this instant, ISO 8601 (exclusive)'))
    .addOption(new Option('--limit <n>', '[number] most entries (default: 100000)'))
    .addOption(new Option('--out <file>', '[string] write to FILE; .pdf, .html, .csv or .json (default: a table on stdout)'))
    .action(action(async (flags: ExportFlags) => {
      if (flags.lot && flags.product) throw new AppError('bad_flag', 'give --lot or --product, not both', 'a lot belongs to one product: --lot alone narrows enough');
      const x = await withStore(flags, (store) => exportAudit(store, {
        ...(flags.lot ? { lot: flags.lot } : {}), ...(flags.product ? { product: flags.product } : {}),
        ...(flags.from ? { from: flags.from } : {}), ...(flags.to ? { to: flags.to } : {}), ...(flags.limit ? { limit: intFlag('limit', flags.limit) } : {}),
      }));
      if (flags.out) {
        const ext = path.extname(flags.out).toLowerCase();
        if (ext === '.csv') writeFileSync(flags.out, auditCsv(x));
        else if (ext === '.json') writeFileSync(flags.out, JSON.stringify(x, jsonReplacer, 2) + '\n');
        else await writeReport(auditReportDocument(x, SOFTWARE), flags.out, cliLogger(flags));
      }
      const summary = { entries: x.entries.length, truncated: x.truncated, verification: x.verification, ...(flags.out ? { file: flags.out } : {}) };
      output(flags, flags.out ? summary : x, () => [
        flags.out ? `wrote ${x.entries.length} entries to ${flags.out}` : table(x.entries.map((e) => ({ id: e.auditId, recorded: e.recordedAt, user: e.user, action: e.action, entity: e.entity, key: e.key ?? '', field: e.field ?? '', old: (e.oldValue ?? '').slice(0, 40), new: (e.newValue ?? '').slice(0, 40), reason: e.reason ?? '' }))),
        x.verification.ok ? `chain verified (${x.verification.entries} entries, head ${x.verification.head?.hash.slice(0, 16) ?? '–'}…)` : `AUDIT TRAIL DOES NOT VERIFY: ${x.verification.firstBreak?.message}`,
      ].join('\n'));
    }));
}

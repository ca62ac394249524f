import type { Command } from 'commander';
import type { Json } from '../core/json.js';
import type { ApiKeyInfo } from '../server/auth/api-keys.js';
import { keysCreateVerb, keysListVerb, keysRevokeVerb } from '../server/auth/key-verbs.js';
import { table } from './common.js';
import { verbCommand } from './verb-command.js';

const day = (d: string | null) => (d ? d.slice(0, 16).replace('T', ' ') : '');

function keyRow(k: Json<ApiKeyInfo>) {
  return { id: k.id, name: k.name, owner: k.owner, created: day(k.createdAt), 'last used': day(k.lastUsedAt), revoked: k.revokedAt ? `${day(k.revokedAt)} by ${k.revokedBy}` : '' };
}

/** `causeway keys create|list|revoke`: API keys for scripts and for the command line beside a running server. */
export function register(program: Command): void {
  program.enablePositionalOptions();
  const keys = program.command('keys').description('API keys for scripts: create (shown once), list, revoke').enablePositionalOptions();
  verbCommand({
    verb: keysCreateVerb, parent: keys,
    text: (k) => `API key ${k.id} '${k.name}' for ${k.owner}:\n\n  ${k.key}\n\nshown this once: keep it where the script reads it, e.g. CAUSEWAY_API_KEY, and pass it with --api-key; revoke it with \`causeway keys revoke ${k.id}\``,
  });
  verbCommand({ verb: keysListVerb, parent: keys, text: (r) => table(r.keys.map(keyRow)) });
  verbCommand({ verb: keysRevokeVerb, parent: keys, text: (k) => `API key ${k.id} '${k.name}' of ${k.owner} is revoked${k.revokedBy ? ` (by ${k.revokedBy})` : ''}` });
}

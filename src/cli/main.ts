#!/usr/bin/env node
import { buildProgram } from './program.js';

/** The `causeway` command line: a thin layer over the library API in `src/index.ts`. */
async function main(): Promise<void> {
  const program = await buildProgram(process.argv.slice(2));
  await program.parseAsync(process.argv);
}

main().catch((e: unknown) => {
  process.stderr.write(`internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(2);
});

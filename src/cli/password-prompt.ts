import { createInterface } from 'node:readline';
import { AppError } from '../core/errors.js';

/**
 * Reads a password for a signature: typed at a hidden prompt on a terminal, or the first line
 * of standard input when it is piped (scripts, tests). Never from a flag, which would stay in
 * the shell's history and the process list.
 */
export async function readPassword(prompt: string): Promise<string> {
  const input = process.stdin;
  if (input.isTTY) {
    process.stderr.write(prompt);
    const rl = createInterface({ input, terminal: true });
    // Typed characters are not echoed: the prompt was written above, and nothing after it.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
    const line = await new Promise<string>((resolve) => rl.once('line', resolve));
    rl.close();
    process.stderr.write('\n');
    return line;
  }
  let text = '';
  for await (const chunk of input) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  const line = text.split(/\r?\n/)[0] ?? '';
  if (!line) throw new AppError('reauthentication_failed', 'no password was given', 'type it at the prompt, or pipe it on standard input');
  return line;
}

/**
 * The password of `user` for the command line beside a running server (a login, or the
 * signature of approving limits): `CAUSEWAY_PASSWORD` when set, else {@link readPassword}.
 *
 * @param user - whose password, for the prompt.
 * @param why - what it is for, e.g. 'to log in to http://127.0.0.1:8080/'.
 */
export async function passwordFor(user: string, why: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return env.CAUSEWAY_PASSWORD || readPassword(`password of ${user} (${why}): `);
}

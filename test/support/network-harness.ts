/**
 * Real processes for the network tests: a NATS server of the test's own (its own port and store
 * folder, so the test may stop and kill it), and the built CLI's `agent` and `hub`, each with
 * its output in a log file the test can read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { CLI } from './cli.js';
import { tcpAccepts } from './tcp.js';

/** Where Debian puts the NATS server. */
export const NATS_SERVER = process.env.CAUSEWAY_NATS_SERVER ?? '/usr/sbin/nats-server';
export const HAS_NATS_SERVER = existsSync(NATS_SERVER);

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Waits until `check` returns a value other than undefined/false, polling every `every` ms. */
export async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number, what: string, every = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** A child process with its log. */
export class Proc {
  constructor(readonly child: ChildProcess, readonly log: string) {}

  /** Its output so far (stdout and stderr). */
  output(): string {
    return existsSync(this.log) ? readFileSync(this.log, 'utf8') : '';
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(sig: NodeJS.Signals): void {
    this.child.kill(sig);
  }

  /** Sends `sig` and waits for the exit. */
  async stop(sig: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill(sig);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}

/** Starts `command args…` with its output appended to `log`. */
export function start(command: string, args: string[], log: string, env: Record<string, string> = {}, cwd?: string): Proc {
  const fd = openSync(log, 'a');
  const child = spawn(command, args, { stdio: ['ignore', fd, fd], env: { ...process.env, ...env }, ...(cwd ? { cwd } : {}) });
  return new Proc(child, log);
}

/** Starts the built CLI. */
export function startCli(args: string[], log: string, env: Record<string, string> = {}, cwd?: string): Proc {
  return start(process.execPath, [CLI, ...args], log, env, cwd);
}

/** A NATS server with JetStream of the test's own. */
export class NatsServer {
  private proc: Proc | undefined;
  constructor(readonly port: number, readonly dir: string, readonly log: string) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Starts it (on the same store folder each time) and waits for its port. */
  async start(): Promise<void> {
    this.proc = start(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dir], this.log);
    await waitFor(async () => (await tcpAccepts('127.0.0.1', this.port, 1000)) || undefined, 20_000, `nats-server on ${this.port}`);
  }

  /** Stops it (SIGTERM: a link that goes down; the stream's store stays on disk). */
  async stop(): Promise<void> {
    await this.proc?.stop('SIGTERM');
  }
}


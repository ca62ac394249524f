/** A TCP probe for tests and benchmarks (no test runner needed to import it). */
import { createConnection } from 'node:net';

/** True when something accepts TCP connections on host:port within `timeoutMs`. */
export function tcpAccepts(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

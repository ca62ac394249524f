import { describe, it } from 'vitest';
import { tcpAccepts } from './tcp.js';

/** The services the connector tests talk to, on this machine. */
export const SERVICES = {
  mosquitto: { host: '127.0.0.1', port: 1883, what: 'the MQTT broker (Mosquitto)' },
  postgres: { host: '127.0.0.1', port: 5432, what: 'PostgreSQL' },
  mariadb: { host: '127.0.0.1', port: 3306, what: 'MariaDB' },
} as const;

export type Service = keyof typeof SERVICES;

/** True when something accepts TCP connections on the service's port within 2 s. */
export function serviceUp(service: Service): Promise<boolean> {
  const { host, port } = SERVICES[service];
  return tcpAccepts(host, port, 2_000);
}

/** Why tests of a service skip when it does not answer. */
export function serviceMissing(service: Service): string {
  const s = SERVICES[service];
  return `${s.what} does not answer on ${s.host}:${s.port}; skipping (.ci/run starts it; see the machine notes for the command)`;
}

/**
 * `describe` for tests that need a running service: runs when it answers; else one skipped test
 * says why, e.g. `(await describeWithService('mosquitto'))('Sparkplug B', …)`.
 */
export async function describeWithService(service: Service): Promise<(title: string, fn: () => void) => void> {
  if (await serviceUp(service)) return (title, fn) => describe(title, fn);
  return (title) => describe(title, () => it.skip(serviceMissing(service), () => undefined));
}

/**
 * The connector kinds causeway knows. Each is loaded only when a source of its kind is used, so
 * a command that touches no OPC UA source never loads node-opcua.
 *
 * To add a kind: write its {@link ConnectorKind} in its own folder under src/connectors/ and add
 * one entry here.
 */
import { AppError } from '../core/errors.js';
import type { ConnectorKind, ConnectorMode } from './connector-types.js';

/** A kind as listed: its name, title and mode without loading it. */
export interface KindEntry {
  kind: string;
  title: string;
  mode: ConnectorMode;
  load: () => Promise<ConnectorKind<unknown>>;
}

const BUILT_IN: KindEntry[] = [
  { kind: 'opcua', title: 'OPC UA server', mode: 'live', load: async () => (await import('./opcua/kind.js')).opcuaKind as unknown as ConnectorKind<unknown> },
  { kind: 'sparkplug', title: 'MQTT Sparkplug B host application', mode: 'live', load: async () => (await import('./sparkplug/sparkplug-kind.js')).sparkplugKind as ConnectorKind<unknown> },
  { kind: 'sql', title: 'SQL database (LIMS, MES): PostgreSQL, MariaDB, MySQL', mode: 'poll', load: async () => (await import('./sql/sql-kind.js')).sqlKind as ConnectorKind<unknown> },
];

const extra = new Map<string, KindEntry>();

/**
 * Registers a kind beside the built-in ones (extensions, and tests that need a kind of their own).
 *
 * @example
 * registerConnectorKind(myKind);
 */
export function registerConnectorKind<C>(kind: ConnectorKind<C>): void {
  const k = kind as unknown as ConnectorKind<unknown>;
  extra.set(k.kind, { kind: k.kind, title: k.title, mode: k.mode, load: async () => k });
}

/** Every kind: name, title, mode. */
export function connectorKinds(): KindEntry[] {
  return [...BUILT_IN, ...extra.values()];
}

/**
 * Loads the kind named `name`.
 *
 * @throws AppError `unknown_kind` naming the kinds there are.
 */
export async function loadKind(name: string): Promise<ConnectorKind<unknown>> {
  const entry = connectorKinds().find((k) => k.kind === name);
  if (!entry) {
    throw new AppError('unknown_kind', `there is no connector kind '${name}'`, `use one of: ${connectorKinds().map((k) => k.kind).join(', ') || '(none)'}`);
  }
  return entry.load();
}

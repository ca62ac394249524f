/**
 * A plant for the OPC UA tests: a real node-opcua server in this process, with equipment
 * objects and historized variables, and a producer that writes values to them.
 *
 * The plant keeps its own record of every value it produced (`produced`), and that record is
 * also the server's history: the historian of each variable reads from it. The record lives
 * outside the server, as a controller's data logger does, so it survives a server restart
 * and values produced while the server is down are in the history when it comes back.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import { DataType, DataValue, MessageSecurityMode, SecurityPolicy, StatusCode, StatusCodes } from 'node-opcua-client';
import { OPCUAServer } from 'node-opcua-server';
import { createContext } from '../../src/connectors/context.js';
import { parseOpcuaConfig, type OpcuaConfig, type OpcuaConfigInput, type OpcuaSourceConfig } from '../../src/connectors/opcua/config.js';
import { OpcuaConnector, type OpcuaConnectorOptions } from '../../src/connectors/opcua/connector.js';
import { IngestSink } from '../../src/connectors/opcua/ingest-sink.js';
import { pkiFolder } from '../../src/connectors/opcua/kind.js';
import { addSource, openSource, type OpenedSource } from '../../src/connectors/sources.js';
import { listServerCertificates, openPki, trustServerCertificate } from '../../src/connectors/opcua/pki.js';
import { connectOpcua, type OpcuaConnection } from '../../src/connectors/opcua/session.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Store } from '../../src/store/store.js';

/** What the plant needs of a server variable. */
interface UAVariable {
  setValueFromSource(value: { dataType: DataType; value: unknown }, status?: StatusCode, sourceTimestamp?: Date): void;
}

/** One value the plant produced. */
export interface Produced {
  timeMs: number;
  value: number;
  status: number;
}

/** A variable of the plant: `Line1.Dryer1.InletTemp` is the variable InletTemp of object Dryer1 in Line1. */
export interface PlantTag {
  /** Browse path of the variable, objects separated by dots. */
  path: string;
  unit?: string;
  /** Not historized (its HistoryRead answers Bad). */
  noHistory?: boolean;
  /** A string variable (not a number). */
  text?: boolean;
}

/** Options of {@link TestPlant}. */
export interface PlantOptions {
  tags: PlantTag[];
  /** Security modes offered (default SignAndEncrypt with Basic256Sha256 only). */
  securityModes?: MessageSecurityMode[];
  securityPolicies?: SecurityPolicy[];
  /** Users allowed besides anonymous (userName → password). */
  users?: Record<string, string>;
}

/** The NodeId the plant gives a variable or object path (namespace 1, the server's own). */
export function nodeIdOf(p: string): string {
  return `ns=1;s=${p}`;
}

/** See the module doc. */
export class TestPlant {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-opcua-'));
  /** Every value produced per tag path: the plant's own record, and the server's history. */
  readonly produced = new Map<string, Produced[]>();
  private server: OPCUAServer | undefined;
  private readonly variables = new Map<string, UAVariable>();
  private timer: NodeJS.Timeout | undefined;
  private lastMs = new Map<string, number>();
  port = 0;

  constructor(private readonly options: PlantOptions) {
    for (const t of options.tags) this.produced.set(t.path, []);
  }

  /** The endpoint URL (valid once started). */
  get endpoint(): string {
    return `opc.tcp://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** Starts the server (on the same port as before after a {@link stop}). */
  async start(): Promise<void> {
    const pki = new OPCUACertificateManager({ rootFolder: path.join(this.dir, 'server-pki'), automaticallyAcceptUnknownCertificate: true, disableFileWatchers: true });
    await pki.initialize();
    // The server's store of user certificates too, so nothing is written outside the plant's folder.
    const userPki = new OPCUACertificateManager({ rootFolder: path.join(this.dir, 'user-pki'), automaticallyAcceptUnknownCertificate: false, disableFileWatchers: true });
    await userPki.initialize();
    const users = this.options.users ?? {};
    const server = new OPCUAServer({
      port: this.port,
      serverCertificateManager: pki,
      userCertificateManager: userPki,
      securityModes: this.options.securityModes ?? [MessageSecurityMode.SignAndEncrypt],
      securityPolicies: this.options.securityPolicies ?? [SecurityPolicy.Basic256Sha256],
      allowAnonymous: true,
      userManager: { isValidUser: (name: string, password: string) => users[name] !== undefined && users[name] === password },
      // MinSupportedSampleRate 0: an item sampled at 0 gets every change (no coalescing window).
      serverCapabilities: { maxSessions: 20, minSupportedSampleRate: 0, operationLimits: { maxMonitoredItemsPerCall: 1000, maxNodesPerHistoryReadData: 1000 } },
    });
    await server.initialize();
    this.build(server);
    await server.start();
    this.port = server.endpoints[0]!.port;
    this.server = server;
  }

  /** Stops the server; the producer (if running) keeps producing into the record. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    this.variables.clear();
    await s?.shutdown(0);
  }

  /** Produces one value of every numeric tag (or of `only`) every `intervalMs`, until {@link stopProducing}. */
  startProducing(intervalMs: number, valueOf: (tag: string, n: number) => number = (_t, n) => n, only?: string[]): void {
    let n = 0;
    this.timer = setInterval(() => {
      n++;
      for (const t of this.options.tags) if (!t.text && (!only || only.includes(t.path))) this.produce(t.path, valueOf(t.path, n));
    }, intervalMs);
  }

  stopProducing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Produces one value of a tag now: recorded, and set on the server's variable when it runs.
   * Source times are strictly increasing per tag (one ms apart at least).
   */
  produce(tagPath: string, value: number, status: StatusCode = StatusCodes.Good): Produced {
    const now = Math.max(Date.now(), (this.lastMs.get(tagPath) ?? 0) + 1);
    this.lastMs.set(tagPath, now);
    const p: Produced = { timeMs: now, value, status: status.value >>> 0 };
    this.produced.get(tagPath)!.push(p);
    this.variables.get(tagPath)?.setValueFromSource({ dataType: DataType.Double, value }, status, new Date(now));
    return p;
  }

  /** Sets a text value (for the not-a-number case). */
  produceText(tagPath: string, value: string): void {
    this.variables.get(tagPath)?.setValueFromSource({ dataType: DataType.String, value }, StatusCodes.Good, new Date());
  }

  /** Count and checksum of the good and uncertain values produced (what a client should store). */
  record(tags?: string[]): { count: number; checksum: string } {
    const lines: string[] = [];
    for (const [tag, values] of this.produced) {
      if (tags && !tags.includes(tag)) continue;
      for (const p of values) if (p.status >>> 30 < 2) lines.push(sampleLine(tag, p.timeMs * 1000, p.value, p.status));
    }
    return { count: lines.length, checksum: checksumOf(lines) };
  }

  /** Stops everything and deletes the plant's folder. */
  async close(): Promise<void> {
    this.stopProducing();
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Builds the address space: objects along each path, the variable historized from the record. */
  private build(server: OPCUAServer): void {
    const addressSpace = server.engine.addressSpace!;
    const ns = addressSpace.getOwnNamespace();
    const objects = new Map<string, ReturnType<typeof ns.addObject>>();
    for (const t of this.options.tags) {
      const parts = t.path.split('.');
      let parentPath = '';
      let parent = addressSpace.rootFolder.objects as unknown as ReturnType<typeof ns.addObject>;
      for (const name of parts.slice(0, -1)) {
        const p = parentPath ? `${parentPath}.${name}` : name;
        let o = objects.get(p);
        if (!o) {
          o = ns.addObject({ browseName: name, nodeId: `s=${p}`, organizedBy: parentPath ? undefined : addressSpace.rootFolder.objects, componentOf: parentPath ? parent : undefined });
          objects.set(p, o);
        }
        parent = o;
        parentPath = p;
      }
      const name = parts[parts.length - 1]!;
      const variable = t.unit
        ? ns.addAnalogDataItem({ componentOf: parent, browseName: name, nodeId: `s=${t.path}`, dataType: 'Double', engineeringUnitsRange: { low: 0, high: 1000 }, engineeringUnits: { displayName: { text: t.unit }, unitId: 0, description: t.unit, namespaceUri: 'http://www.opcfoundation.org/UA/units/un/cefact' }, minimumSamplingInterval: 0 })
        : ns.addVariable({ componentOf: parent, browseName: name, nodeId: `s=${t.path}`, dataType: t.text ? 'String' : 'Double', minimumSamplingInterval: 0 });
      const last = this.produced.get(t.path)!.at(-1);
      if (last) variable.setValueFromSource({ dataType: DataType.Double, value: last.value }, StatusCode.makeStatusCode(StatusCodes.Good), new Date(last.timeMs));
      if (!t.noHistory) addressSpace.installHistoricalDataNode(variable, { historian: this.historian(t.path) });
      this.variables.set(t.path, variable);
    }
  }

  /** A historian that answers from the plant's record (pushes are ignored: the record is written by produce). */
  private historian(tagPath: string) {
    const record = this.produced.get(tagPath)!;
    return {
      async push() {},
      extractDataValues(details: { startTime?: Date | null; endTime?: Date | null }, max: number, _reversed: boolean, _reverse: boolean, callback: (err: Error | null, values?: DataValue[]) => void) {
        const from = details.startTime && details.startTime.getTime() > 0 ? details.startTime.getTime() : -Infinity;
        const to = details.endTime && details.endTime.getTime() > 0 ? details.endTime.getTime() : Infinity;
        const out: DataValue[] = [];
        for (const p of record) {
          if (p.timeMs < from || p.timeMs > to) continue;
          out.push(new DataValue({ value: { dataType: DataType.Double, value: p.value }, statusCode: StatusCode.makeStatusCode(StatusCodes.Good), sourceTimestamp: new Date(p.timeMs), serverTimestamp: new Date(p.timeMs) }));
          if (p.status !== 0) out[out.length - 1]!.statusCode = statusOf(p.status);
          if (max > 0 && out.length >= max && to === Infinity) break;
        }
        callback(null, out);
      },
    };
  }
}

function statusOf(code: number): StatusCode {
  for (const c of Object.values(StatusCodes)) if ((c.value >>> 0) === code) return c;
  return StatusCodes.Good;
}

/** One sample as a line for checksums: tag, µs, value, status. */
export function sampleLine(tag: string, timeUs: number, value: number, status: number): string {
  return `${tag}|${timeUs}|${value}|${status >>> 0}`;
}

/** SHA-256 of the sorted lines. */
export function checksumOf(lines: string[]): string {
  return createHash('sha256').update([...lines].sort().join('\n')).digest('hex');
}

/**
 * A source configuration for the plant whose server certificate is trusted, as an administrator
 * would do it: a first connection is refused and leaves the certificate in rejected/, then
 * the trust step accepts its thumbprint.
 */
export async function trustedConfig(plant: TestPlant, input: Omit<OpcuaConfigInput, 'endpoint' | 'pki' | 'site'> & { pki?: string; site?: string }): Promise<OpcuaConfig> {
  const config = parseOpcuaConfig({ endpoint: plant.endpoint, pki: input.pki ?? path.join(plant.dir, 'client-pki'), site: 'S1', ...input });
  const pki = await openPki(config.pki);
  try {
    const c = await connectOpcua(config, pki, silentLogger).catch((e: unknown) => e);
    if (c && typeof c === 'object' && 'close' in c) await (c as OpcuaConnection).close();
    else if ((c as { code?: string }).code !== 'opcua_certificate_untrusted') throw c;
  } finally {
    await pki.dispose();
  }
  for (const cert of listServerCertificates(config.pki)) if (cert.status === 'rejected') await trustServerCertificate(config.pki, cert.thumbprint);
  return config;
}

/** Waits until `check` is true, polling every 50 ms; fails after `timeoutMs` with `what`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Count, duplicate count and checksum of the samples a store holds (same lines as {@link TestPlant.record}). */
export async function storedRecord(store: Store, tags?: string[]): Promise<{ count: number; distinct: number; checksum: string }> {
  const rows = await store.all<{ tag: string; us: bigint; value: number; status: number }>(
    `SELECT tag, epoch_us(time) AS us, value, status FROM samples ${tags ? `WHERE tag IN (SELECT unnest(from_json($1, '["VARCHAR"]')))` : ''}`,
    tags ? [JSON.stringify(tags)] : undefined,
  );
  const lines = rows.map((r) => sampleLine(r.tag, Number(r.us), r.value, r.status));
  return { count: lines.length, distinct: new Set(lines.map((l) => l.split('|').slice(0, 2).join('|'))).size, checksum: checksumOf(lines) };
}

/**
 * A configured OPC UA source on `store` (added as an administrator would, through the sources
 * framework) and its connector, storing through the framework's ingest path.
 */
export async function opcuaSource(store: Store, name: string, config: OpcuaConfig, options: OpcuaConnectorOptions = {}): Promise<OpcuaConnector> {
  await addSource(store, { name, kind: 'opcua', config, schedule: 'live' }, { user: 'admin' });
  const handle = await store.fork();
  const source = (await openSource(handle, name)) as OpenedSource<OpcuaSourceConfig>;
  const ctx = createContext(handle, source, options.logger ? { logger: options.logger } : {});
  return new OpcuaConnector(name, { ...source.config, pki: pkiFolder(ctx) }, new IngestSink(ctx), options);
}

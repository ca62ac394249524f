/**
 * The OPC UA connector: browse a server into equipment and tags, subscribe, catch up from
 * history, and store samples with their status code and source time. See docs/connectors.md.
 */
export { parseOpcuaConfig, opcuaConfigSchema, opcuaSourceSchema, SECURITY_MODES, SECURITY_POLICIES } from './config.js';
export type { OpcuaConfig, OpcuaConfigInput, OpcuaSourceConfig, OpcuaTag } from './config.js';
export { OpcuaConnector } from './connector.js';
export type { OpcuaHealth, OpcuaConnectorOptions } from './connector.js';
export { browseModel } from './browse.js';
export type { BrowseOptions, BrowsedModel } from './browse.js';
export { connectOpcua } from './session.js';
export type { OpcuaConnection } from './session.js';
export { listServerCertificates, trustServerCertificate, openPki, normaliseThumbprint } from './pki.js';
export type { ServerCertificate } from './pki.js';
export type { OpcuaSink, SinkCounts, ModelRows } from './sink.js';
export { IngestSink } from './ingest-sink.js';
export { opcuaKind } from './kind.js';
export type { SampleRecord, RefusedValue, DataLossMarker } from './samples.js';

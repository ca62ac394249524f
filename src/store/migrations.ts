/**
 * The schema of the causeway store, as an ordered list of migrations. A store records the
 * versions it has applied in `schema_version`; opening a store applies what is missing, in
 * order, each in its own transaction. Never edit a migration that has shipped: add one.
 *
 * Conventions (every table that holds user data):
 * - natural keys are the user's own identifiers (`lot`, `tag`, `parameter`…);
 * - times are TIMESTAMPTZ instants (stored UTC); a site's time zone is applied at the edges;
 * - `import_id` and `source` give provenance of every stored value (see `imports`);
 * - the current value lives in the table; a replaced value moves to `prior_values`.
 */
import { audit } from './audit.js';
import { chainExisting } from './audit-chain.js';
import type { Store } from './store.js';
import { TREND_INCREMENTAL_TABLES, TREND_LEVEL_MIGRATION } from './trend-levels.js';

export interface Migration {
  version: number;
  description: string;
  sql: string[];
  /** Work SQL alone cannot do, run after `sql` in the same transaction. */
  after?: (store: Store) => Promise<void>;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'process model, four kinds of data, provenance and audit trail',
    sql: [
      `CREATE TABLE IF NOT EXISTS schema_version (
         version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`,
      // Provenance: one row per import (a folder, a mapped file, a demo build, a manual edit).
      `CREATE TABLE imports (
         import_id VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, kind VARCHAR NOT NULL,
         user_name VARCHAR NOT NULL, reason VARCHAR, started_at TIMESTAMPTZ NOT NULL,
         finished_at TIMESTAMPTZ, counts JSON)`,
      // Audit trail: who, when, what, old and new value, why. Written in the same transaction
      // as the change it describes (see store/audit.ts). Bulk inserts get one entry per table.
      `CREATE SEQUENCE audit_seq START 1`,
      `CREATE TABLE audit (
         audit_id BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'), recorded_at TIMESTAMPTZ NOT NULL,
         user_name VARCHAR NOT NULL, action VARCHAR NOT NULL, entity VARCHAR NOT NULL,
         entity_key VARCHAR, field VARCHAR, old_value VARCHAR, new_value VARCHAR,
         reason VARCHAR, import_id VARCHAR)`,
      `CREATE TABLE sites (
         site VARCHAR PRIMARY KEY, name VARCHAR, timezone VARCHAR NOT NULL,
         import_id VARCHAR, source VARCHAR)`,
      `CREATE TABLE equipment (
         equipment VARCHAR PRIMARY KEY, site VARCHAR NOT NULL, parent VARCHAR, class VARCHAR,
         name VARCHAR, import_id VARCHAR, source VARCHAR)`,
      `CREATE TABLE materials (
         material VARCHAR PRIMARY KEY, type VARCHAR NOT NULL, name VARCHAR,
         import_id VARCHAR, source VARCHAR)`,
      // A product's process: ordered steps, each making one material.
      `CREATE TABLE steps (
         step VARCHAR PRIMARY KEY, product VARCHAR NOT NULL, sequence INTEGER NOT NULL,
         material VARCHAR NOT NULL, name VARCHAR, import_id VARCHAR, source VARCHAR)`,
      `CREATE TABLE lots (
         lot VARCHAR PRIMARY KEY, material VARCHAR NOT NULL, site VARCHAR NOT NULL, step VARCHAR,
         equipment VARCHAR, start_time TIMESTAMPTZ, end_time TIMESTAMPTZ, quantity DOUBLE,
         unit VARCHAR, supplier VARCHAR, status VARCHAR, import_id VARCHAR, source VARCHAR)`,
      // Free attributes of lots (extra columns of lots files): text, with a numeric copy.
      `CREATE TABLE lot_attributes (
         lot VARCHAR NOT NULL, name VARCHAR NOT NULL, value VARCHAR, num DOUBLE,
         import_id VARCHAR, source VARCHAR, PRIMARY KEY (lot, name))`,
      `CREATE TABLE genealogy (
         parent_lot VARCHAR NOT NULL, child_lot VARCHAR NOT NULL, quantity DOUBLE,
         import_id VARCHAR, source VARCHAR, PRIMARY KEY (parent_lot, child_lot))`,
      // Parameters are named per material (the same name may exist on API and on lactose).
      `CREATE TABLE parameters (
         material VARCHAR NOT NULL, parameter VARCHAR NOT NULL, kind VARCHAR NOT NULL,
         step VARCHAR, unit VARCHAR, role VARCHAR, description VARCHAR,
         import_id VARCHAR, source VARCHAR, PRIMARY KEY (material, parameter))`,
      // Specifications are versioned by the date they are valid from; a new one never rewrites old.
      `CREATE TABLE specifications (
         material VARCHAR NOT NULL, parameter VARCHAR NOT NULL, valid_from TIMESTAMPTZ NOT NULL,
         lsl DOUBLE, usl DOUBLE, target DOUBLE, import_id VARCHAR, source VARCHAR,
         PRIMARY KEY (material, parameter, valid_from))`,
      `CREATE TABLE discrete (
         lot VARCHAR NOT NULL, material VARCHAR NOT NULL, parameter VARCHAR NOT NULL,
         value DOUBLE NOT NULL, time TIMESTAMPTZ, import_id VARCHAR, source VARCHAR,
         PRIMARY KEY (lot, parameter))`,
      `CREATE TABLE replicates (
         lot VARCHAR NOT NULL, material VARCHAR NOT NULL, parameter VARCHAR NOT NULL,
         replicate INTEGER NOT NULL, value DOUBLE NOT NULL, time TIMESTAMPTZ,
         import_id VARCHAR, source VARCHAR, PRIMARY KEY (lot, parameter, replicate))`,
      `CREATE TABLE events (
         event VARCHAR PRIMARY KEY, type VARCHAR NOT NULL, name VARCHAR NOT NULL, lot VARCHAR,
         equipment VARCHAR, start_time TIMESTAMPTZ NOT NULL, end_time TIMESTAMPTZ,
         severity VARCHAR, text VARCHAR, import_id VARCHAR, source VARCHAR)`,
      `CREATE TABLE tags (
         tag VARCHAR PRIMARY KEY, equipment VARCHAR NOT NULL, unit VARCHAR, description VARCHAR,
         lsl DOUBLE, usl DOUBLE, import_id VARCHAR, source VARCHAR)`,
      // Continuous samples: value + quality + source time stamp, as OPC UA has it.
      // quality: 0 good, 1 uncertain, 2 bad; status keeps an OPC UA status code when given.
      // No primary key on purpose: an ART index over tens of millions of samples costs more
      // memory than the machine has to spare; imports de-duplicate by (tag, time) with a join.
      `CREATE TABLE samples (
         tag VARCHAR NOT NULL, time TIMESTAMPTZ NOT NULL, value DOUBLE, quality UTINYINT NOT NULL,
         status UINTEGER, import_id VARCHAR)`,
      // Replaced values keep their prior version here (--replace --reason).
      `CREATE TABLE prior_values (
         entity VARCHAR NOT NULL, entity_key VARCHAR NOT NULL, old_value VARCHAR, new_value VARCHAR,
         old_import_id VARCHAR, new_import_id VARCHAR, replaced_at TIMESTAMPTZ NOT NULL,
         user_name VARCHAR NOT NULL, reason VARCHAR NOT NULL)`,
    ],
  },
  {
    version: 2,
    description: 'signals of tags, features in context, declared features, control limits, stored models',
    sql: [
      // What a tag measures, shared across equipment of a class (e.g. 'product_temp' on every
      // dryer), so features of lots made on different equipment land in the same column.
      `ALTER TABLE tags ADD COLUMN signal VARCHAR`,
      // Features: numbers derived in context (tag x phase x lot, replicates x lot, events x lot),
      // each with n and the count of excluded (bad or missing) samples. value NULL = not computable.
      `CREATE TABLE features (
         lot VARCHAR NOT NULL, name VARCHAR NOT NULL, source_kind VARCHAR NOT NULL,
         step VARCHAR, phase VARCHAR, tag VARCHAR, signal VARCHAR, parameter VARCHAR, fn VARCHAR NOT NULL,
         value DOUBLE, n BIGINT NOT NULL, excluded BIGINT NOT NULL, computed_at TIMESTAMPTZ NOT NULL,
         PRIMARY KEY (lot, name))`,
      `CREATE TABLE feature_definitions (
         name VARCHAR PRIMARY KEY, material VARCHAR NOT NULL, source VARCHAR NOT NULL, fn VARCHAR NOT NULL,
         phase VARCHAR, threshold DOUBLE, unit VARCHAR, created_by VARCHAR NOT NULL,
         created_at TIMESTAMPTZ NOT NULL, reason VARCHAR)`,
      // Control limits are versioned: a new version never rewrites an old one; each point of a
      // chart is judged against the version valid at its time.
      `CREATE TABLE control_limits (
         material VARCHAR NOT NULL, parameter VARCHAR NOT NULL, chart VARCHAR NOT NULL,
         version INTEGER NOT NULL, valid_from TIMESTAMPTZ NOT NULL, center DOUBLE, lcl DOUBLE,
         ucl DOUBLE, sigma DOUBLE, settings JSON, baseline JSON, status VARCHAR NOT NULL,
         set_by VARCHAR NOT NULL, set_at TIMESTAMPTZ NOT NULL, reason VARCHAR NOT NULL,
         approved_by VARCHAR, approved_at TIMESTAMPTZ,
         PRIMARY KEY (material, parameter, chart, version))`,
      // Stored analysis models (MSPC PCA/PLS, golden envelopes), versioned with their training data reference.
      `CREATE TABLE models (
         model VARCHAR NOT NULL, version INTEGER NOT NULL, kind VARCHAR NOT NULL, spec JSON NOT NULL,
         training JSON NOT NULL, payload JSON NOT NULL, created_by VARCHAR NOT NULL,
         created_at TIMESTAMPTZ NOT NULL, reason VARCHAR, PRIMARY KEY (model, version))`,
    ],
  },
  {
    version: 3,
    description: 'users, roles, sessions and login attempts of the workbench',
    sql: [
      // Local accounts. Passwords are hashed with scrypt (memory-hard); never stored in clear.
      `CREATE TABLE users (
         username VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, password_hash VARCHAR NOT NULL,
         display_name VARCHAR, disabled BOOLEAN NOT NULL DEFAULT false,
         locked_until TIMESTAMPTZ, created_at TIMESTAMPTZ NOT NULL, created_by VARCHAR NOT NULL)`,
      // Sessions keep only a hash of the token the browser holds in its HTTP-only cookie.
      `CREATE TABLE sessions (
         token_hash VARCHAR PRIMARY KEY, username VARCHAR NOT NULL, csrf_token VARCHAR NOT NULL,
         created_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL)`,
      `CREATE TABLE login_attempts (
         username VARCHAR NOT NULL, address VARCHAR, at_time TIMESTAMPTZ NOT NULL, ok BOOLEAN NOT NULL)`,
    ],
  },
  {
    version: 4,
    description: 'trend levels: samples summarised per tag in buckets of 16 s to 3 days',
    // Built here for the samples a store already holds; imports keep them from then on.
    sql: TREND_LEVEL_MIGRATION,
  },
  {
    version: 5,
    description: 'verifiable audit trail: each entry carries the hash of the one before',
    sql: [
      // SHA-256 (hex) of the previous entry and of this one over its canonical form (store/audit-chain.ts).
      `ALTER TABLE audit ADD COLUMN prev_hash VARCHAR`,
      `ALTER TABLE audit ADD COLUMN entry_hash VARCHAR`,
      // The last entry of the chain, so that entries deleted from the end are detected too.
      `CREATE TABLE audit_head (
         id INTEGER PRIMARY KEY, last_audit_id BIGINT NOT NULL, last_hash VARCHAR NOT NULL, entries BIGINT NOT NULL)`,
    ],
    // Entries written before this version are chained now, and the trail says so.
    after: async (store) => {
      const n = await chainExisting(store);
      if (n > 0) await audit(store, { user: 'causeway', reason: 'schema migration 5' }, { action: 'chain', entity: 'audit', newValue: `${n} earlier entries chained; changes to them are detected from now on` });
    },
  },
  {
    version: 6,
    description: 'live sources: configuration, state and health, batches with provenance, dead letters; trend levels kept per batch',
    sql: [
      ...TREND_INCREMENTAL_TABLES,
      // A source of live data (OPC UA, Sparkplug B, SQL). config holds no secret in clear: a
      // secret is either a reference (an environment variable, a file) or sealed with a key kept
      // outside the store (src/connectors/secrets.ts).
      `CREATE TABLE sources (
         source VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, config JSON NOT NULL, schedule VARCHAR,
         enabled BOOLEAN NOT NULL, created_by VARCHAR NOT NULL, created_at TIMESTAMPTZ NOT NULL,
         updated_by VARCHAR NOT NULL, updated_at TIMESTAMPTZ NOT NULL)`,
      // Where a source has got to (its watermark) and how it is doing (health).
      `CREATE TABLE source_state (
         source VARCHAR PRIMARY KEY, watermark JSON, status VARCHAR NOT NULL, last_attempt_at TIMESTAMPTZ,
         last_success_at TIMESTAMPTZ, last_error_at TIMESTAMPTZ, last_error_code VARCHAR, last_error VARCHAR,
         errors BIGINT NOT NULL DEFAULT 0, updated_at TIMESTAMPTZ NOT NULL)`,
      // One row per batch a source delivered: provenance of every value it stored (import_id
      // links the rows), when it was received and which source times it spans. No key: live
      // sources write one a second; a re-delivered batch is found by (source, batch_id) among
      // the recent ones (applied_at prunes the scan), and by the data's own keys beyond that.
      `CREATE TABLE batches (
         batch_id VARCHAR NOT NULL, source VARCHAR NOT NULL, import_id VARCHAR, rows BIGINT NOT NULL,
         inserted BIGINT NOT NULL, unchanged BIGINT NOT NULL, replaced BIGINT NOT NULL, dead BIGINT NOT NULL,
         received_first TIMESTAMPTZ, received_last TIMESTAMPTZ, source_first TIMESTAMPTZ, source_last TIMESTAMPTZ,
         applied_at TIMESTAMPTZ NOT NULL)`,
      // Input a source delivered that could not be stored, with the reason; nothing is dropped silently.
      `CREATE SEQUENCE dead_letter_seq START 1`,
      `CREATE TABLE dead_letters (
         dead_letter_id BIGINT PRIMARY KEY DEFAULT nextval('dead_letter_seq'), source VARCHAR NOT NULL,
         batch_id VARCHAR, recorded_at TIMESTAMPTZ NOT NULL, kind VARCHAR NOT NULL, item VARCHAR,
         code VARCHAR NOT NULL, reason VARCHAR NOT NULL, hint VARCHAR, payload JSON)`,
      // Which item of a source (OPC UA node, Sparkplug metric, SQL table) feeds which tag; stale
      // when the source said the value is no longer current (Sparkplug DEATH, OPC UA Bad status).
      `CREATE TABLE source_items (
         source VARCHAR NOT NULL, item VARCHAR NOT NULL, tag VARCHAR NOT NULL, first_seen TIMESTAMPTZ NOT NULL,
         last_seen TIMESTAMPTZ NOT NULL, stale_since TIMESTAMPTZ, PRIMARY KEY (source, item))`,
    ],
  },
  {
    version: 7,
    description: 'features kept current by every import: imports whose features are not recomputed yet',
    // Written in an import's transaction, removed by the transaction that recomputes the
    // features of the lots it touched (context/features.ts); the next opening completes any left.
    sql: [`CREATE TABLE features_pending (import_id VARCHAR PRIMARY KEY)`],
  },
  {
    version: 8,
    description: 'records: saved analyses (worksheets) in versions, and electronic signatures bound to the records they sign',
    sql: [
      // A worksheet is a named saved view; every change is a new version, the old ones stay.
      // data_state: the imports the analysis saw; result: its answer as JSON, with its SHA-256.
      `CREATE SEQUENCE worksheet_seq START 1`,
      `CREATE TABLE worksheet_versions (
         worksheet BIGINT NOT NULL, version INTEGER NOT NULL, name VARCHAR NOT NULL, view VARCHAR NOT NULL,
         inputs JSON NOT NULL, data_state JSON NOT NULL, software VARCHAR NOT NULL, result JSON NOT NULL,
         result_sha256 VARCHAR NOT NULL, saved_by VARCHAR NOT NULL, saved_at TIMESTAMPTZ NOT NULL, reason VARCHAR NOT NULL,
         PRIMARY KEY (worksheet, version))`,
      // Electronic signatures (21 CFR 11.50/11.70): signer and full name, time, meaning, the record
      // version signed, the SHA-256 of its canonical content, and a hash binding all of them
      // (src/signatures/signature.ts). Rows are only ever inserted.
      `CREATE SEQUENCE signature_seq START 1`,
      `CREATE TABLE signatures (
         signature_id BIGINT PRIMARY KEY, signer VARCHAR NOT NULL, signer_name VARCHAR NOT NULL,
         signed_at TIMESTAMPTZ NOT NULL, meaning VARCHAR NOT NULL, record_kind VARCHAR NOT NULL, record_id VARCHAR NOT NULL,
         record_version VARCHAR NOT NULL, content_sha256 VARCHAR NOT NULL, signature_hash VARCHAR NOT NULL, reason VARCHAR)`,
    ],
  },
  {
    version: 9,
    description: 'report definitions (versioned) and report runs with their content and its SHA-256',
    sql: [
      // A definition is never rewritten: every change is a new version (report/definitions).
      `CREATE TABLE report_definitions (
         name VARCHAR NOT NULL, version INTEGER NOT NULL, kind VARCHAR NOT NULL, title VARCHAR,
         product VARCHAR NOT NULL, sites JSON NOT NULL, parameters JSON NOT NULL, roles JSON NOT NULL,
         charts JSON NOT NULL, rules VARCHAR NOT NULL, defined_by VARCHAR NOT NULL,
         defined_at TIMESTAMPTZ NOT NULL, reason VARCHAR NOT NULL, PRIMARY KEY (name, version))`,
      // One row per run: what it covered, the data state it saw, and its content (the report's
      // model as canonical JSON) with the SHA-256 a signature binds (report/runs).
      `CREATE TABLE report_runs (
         run_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, version INTEGER NOT NULL, kind VARCHAR NOT NULL,
         period VARCHAR, period_from TIMESTAMPTZ, period_to TIMESTAMPTZ, lot VARCHAR,
         generated_at TIMESTAMPTZ NOT NULL, user_name VARCHAR NOT NULL, data_state VARCHAR,
         audit_head VARCHAR, software VARCHAR NOT NULL, content_sha256 VARCHAR NOT NULL, content VARCHAR NOT NULL)`,
    ],
  },
  {
    version: 10,
    description: 'API keys for scripts: a key belongs to a user and acts with their role; only its hash is kept',
    // The key itself is shown once, at creation; key_hash is its SHA-256 (a random 256-bit key
    // needs no slow hash: there is nothing to guess from). Revoked keys stay for the record.
    sql: [
      `CREATE TABLE api_keys (
         key_id VARCHAR PRIMARY KEY, key_hash VARCHAR NOT NULL UNIQUE, name VARCHAR NOT NULL, username VARCHAR NOT NULL,
         created_at TIMESTAMPTZ NOT NULL, created_by VARCHAR NOT NULL, last_used_at TIMESTAMPTZ,
         revoked_at TIMESTAMPTZ, revoked_by VARCHAR)`,
    ],
  },
  {
    version: 11,
    description: 'a network of sites: per site, what the hub applied and how its agent is doing',
    sql: [
      // One row per site the hub reads. last_seq is written in the transaction of the batch it
      // applied, so it never runs ahead of the data; the agent_* columns come from heartbeats.
      // Parked batches are dead letters of kind 'batch' (source '<site>/<source>').
      `CREATE TABLE network_sites (
         site VARCHAR PRIMARY KEY, last_seq BIGINT, last_msg_id VARCHAR, last_applied_at TIMESTAMPTZ,
         last_received_at TIMESTAMPTZ, last_transit_s DOUBLE, batches BIGINT NOT NULL DEFAULT 0,
         rows BIGINT NOT NULL DEFAULT 0, duplicates BIGINT NOT NULL DEFAULT 0, pending BIGINT, oldest_pending_at TIMESTAMPTZ,
         agent_heard_at TIMESTAMPTZ, agent_skew_s DOUBLE, agent_outbox_messages BIGINT, agent_outbox_bytes BIGINT,
         agent_outbox_oldest TIMESTAMPTZ, agent_outbox_full BOOLEAN, agent_timezone VARCHAR, agent_schema INTEGER,
         updated_at TIMESTAMPTZ NOT NULL)`,
    ],
  },
  {
    version: 12,
    description: 'features without a primary-key index: (lot, name) is unique by construction and checked by every refresh',
    // DuckDB keeps a primary key as an ART index that every delete and insert updates: a full
    // rebuild of the default demo's 0.5 M feature rows spent 3.5–4 s of its 9.5 s in deleting,
    // inserting and committing that index, 0.4 s without it. A refresh checks the uniqueness of
    // the rows it wrote itself (context/features.ts), so no duplicate can land unnoticed.
    sql: [
      `CREATE TABLE features_v12 (
         lot VARCHAR NOT NULL, name VARCHAR NOT NULL, source_kind VARCHAR NOT NULL,
         step VARCHAR, phase VARCHAR, tag VARCHAR, signal VARCHAR, parameter VARCHAR, fn VARCHAR NOT NULL,
         value DOUBLE, n BIGINT NOT NULL, excluded BIGINT NOT NULL, computed_at TIMESTAMPTZ NOT NULL)`,
      `INSERT INTO features_v12 SELECT lot, name, source_kind, step, phase, tag, signal, parameter, fn, value, n, excluded, computed_at FROM features ORDER BY lot, name`,
      `DROP TABLE features`,
      `ALTER TABLE features_v12 RENAME TO features`,
    ],
  },
];

/** The schema version a store of this build of causeway has after opening. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

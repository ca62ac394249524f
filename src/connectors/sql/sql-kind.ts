/**
 * The SQL connector kind: a polled source over PostgreSQL or MariaDB/MySQL (see sql-connector.ts).
 */
import type { ConnectorKind } from '../connector-types.js';
import { SqlConfigSchema, type SqlConfig } from './sql-config.js';
import { SqlConnector } from './sql-connector.js';

/** The kind `sql`. */
export const sqlKind: ConnectorKind<SqlConfig> = {
  kind: 'sql',
  title: 'SQL database (LIMS, MES): PostgreSQL, MariaDB, MySQL',
  mode: 'poll',
  schema: SqlConfigSchema,
  secrets: ['connection.password'],
  create: (context) => new SqlConnector(context),
};

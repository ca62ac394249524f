import type { AppError } from '../core/errors.js';
import type { Connection, ConnectOptions } from './connection.js';

/**
 * The connection to the server that holds a store file. Until the server records where it
 * listens, the command cannot reach it and says so.
 */
export async function remoteConnection(_path: string, _o: ConnectOptions, locked: AppError): Promise<Connection> {
  throw locked;
}

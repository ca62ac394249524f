/**
 * causeway's public programmatic API. The CLI, the HTTP server and the web workbench call
 * only what is exported here.
 */
export { AppError, isAppError, type InputIssue } from './core/errors.js';
export { silentLogger, type Logger } from './core/logger.js';
export { Store, defaultUser, resolveStorePath, type Actor, type StoreOptions } from './store/store.js';
export { audit, readAudit, type AuditEntry } from './store/audit.js';

/**
 * Opening a secured OPC UA session, and turning the SDK's failures into errors a person can act
 * on. The client keeps the session alive and, after a break, reconnects on its own: it opens a
 * new secure channel, reactivates the session (ActivateSession), or creates a new one and moves
 * the subscriptions to it (TransferSubscriptions), then asks for every notification it has not
 * acknowledged (Republish), so nothing in the server's retransmission queue is lost
 * (OPC UA Part 4, 5.6.3, 5.13.5, 5.13.7; 6.7).
 */
import { setDebugLogger, setErrorLogger, setWarningLogger, MessageSecurityMode, OPCUAClient, SecurityPolicy, UserTokenType, type ClientSession, type UserIdentityInfo } from 'node-opcua-client';
import type { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { OpcuaConfig } from './config.js';
import { listServerCertificates } from './pki.js';

/** A connected client with its session. */
export interface OpcuaConnection {
  client: OPCUAClient;
  session: ClientSession;
  /** Closes the session and the channel; safe to call twice. */
  close(): Promise<void>;
}

const MODES: Record<OpcuaConfig['security']['mode'], MessageSecurityMode> = {
  SignAndEncrypt: MessageSecurityMode.SignAndEncrypt,
  Sign: MessageSecurityMode.Sign,
  None: MessageSecurityMode.None,
};
const POLICIES: Record<OpcuaConfig['security']['policy'], SecurityPolicy> = {
  Basic256Sha256: SecurityPolicy.Basic256Sha256,
  Aes128_Sha256_RsaOaep: SecurityPolicy.Aes128_Sha256_RsaOaep,
  Aes256_Sha256_RsaPss: SecurityPolicy.Aes256_Sha256_RsaPss,
  None: SecurityPolicy.None,
};

/**
 * Connects to the configured endpoint and opens a session. One attempt (the caller decides when
 * to try again); once connected, the client repairs broken connections by itself, waiting
 * `reconnect.initialDelay` growing to `reconnect.maxDelay` between attempts.
 *
 * @throws AppError `opcua_certificate_untrusted` (the server's certificate is not trusted yet:
 *   nothing is read or stored), `opcua_unreachable`, `opcua_no_endpoint`, `opcua_login`.
 */
export async function connectOpcua(config: OpcuaConfig, pki: OPCUACertificateManager, logger: Logger): Promise<OpcuaConnection> {
  routeSdkLogs(logger);
  const client = OPCUAClient.create({
    applicationName: 'causeway',
    clientName: 'causeway',
    securityMode: MODES[config.security.mode],
    securityPolicy: POLICIES[config.security.policy],
    clientCertificateManager: pki,
    // The endpoint a person configures may name the host differently from the server's own
    // endpoint list (an IP address, a DNS alias); the security settings must still match one.
    endpointMustExist: false,
    keepSessionAlive: true,
    requestedSessionTimeout: 10 * 60_000,
    // One try now (failures are classified and reported below); after a break, the client
    // retries forever with this back-off (node-opcua reconnects with maxRetry -1).
    connectionStrategy: { maxRetry: 1, initialDelay: config.reconnect.initialDelay, maxDelay: config.reconnect.maxDelay },
  });
  try {
    await client.connect(config.endpoint);
  } catch (e) {
    await client.disconnect().catch(() => undefined);
    throw classify(e as Error, config);
  }
  let session: ClientSession;
  try {
    session = await client.createSession(identity(config));
  } catch (e) {
    await client.disconnect().catch(() => undefined);
    throw classify(e as Error, config);
  }
  let closed = false;
  return {
    client,
    session,
    async close() {
      if (closed) return;
      closed = true;
      await session.close(true).catch(() => undefined);
      await client.disconnect().catch(() => undefined);
    },
  };
}

function identity(config: OpcuaConfig): UserIdentityInfo {
  if (!config.user) return { type: UserTokenType.Anonymous };
  return { type: UserTokenType.UserName, userName: config.user.name, password: config.user.password };
}

/** Turns an SDK error into an AppError that says what happened and how to fix it. */
export function classify(e: Error, config: OpcuaConfig): AppError {
  const m = e.message ?? String(e);
  if (/BadCertificateUntrusted|BadCertificateChainIncomplete|certificate verification has failed|Certificate verification failed/i.test(m)) {
    const pending = listServerCertificates(config.pki).filter((c) => c.status === 'rejected');
    const which = pending.map((c) => `${c.thumbprint} (${c.subject})`).join('; ');
    return new AppError(
      'opcua_certificate_untrusted',
      `the server at ${config.endpoint} presented a certificate that is not trusted${which ? `: ${which}` : ''}; nothing was read`,
      "compare the thumbprint with the one the server shows, then accept it with the source's `trust` action (thumbprint=…; see the OPC UA section of docs/connectors.md)",
      { thumbprints: pending.map((c) => c.thumbprint) },
    );
  }
  if (/BadCertificate\w*|BadSecurityChecksFailed/.test(m)) {
    const code = /Bad\w+/.exec(m)?.[0];
    return new AppError('opcua_certificate_rejected', `the server at ${config.endpoint} refused causeway's certificate or the secure channel (${code})`, "on the server, trust causeway's application certificate (in the source's PKI folder, own/certs) and check that both clocks are right");
  }
  if (/cannot find endpoint/i.test(m))
    return new AppError('opcua_no_endpoint', `the server at ${config.endpoint} offers no endpoint with security ${config.security.mode} / ${config.security.policy}`, 'enable that security on the server, or choose a mode and policy it offers (see docs/connectors.md, OPC UA)');
  if (/BadUserAccessDenied|BadIdentityTokenRejected|BadIdentityTokenInvalid|BadUserSignatureInvalid/.test(m))
    return new AppError('opcua_login', `the server at ${config.endpoint} refused the user '${config.user?.name ?? 'anonymous'}'`, 'check the user name and the password stored in the source\'s secrets, or the server\'s user rights');
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|connect|socket|closed/i.test(m))
    return new AppError('opcua_unreachable', `cannot reach the OPC UA server at ${config.endpoint}: ${m}`, 'check that the server runs, the host and port, and any firewall in between');
  return new AppError('opcua_failed', `OPC UA server at ${config.endpoint}: ${m}`, 'see the server\'s diagnostics; retry with `sources test`');
}

let sdkLogger: Logger | undefined;
/**
 * node-opcua writes its warnings to the console; causeway's library code never does. Its
 * messages go to the logger of the connector that opened the latest connection, or nowhere.
 */
function routeSdkLogs(logger: Logger): void {
  const first = sdkLogger === undefined;
  sdkLogger = logger;
  if (!first) return;
  // The SDK passes its module's name object first; the message is the strings after it.
  const forward = (level: 'info' | 'warn') => (...args: unknown[]) => {
    const text = args.filter((a) => typeof a === 'string' || typeof a === 'number' || a instanceof Error).map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
    sdkLogger?.[level](`node-opcua: ${text.replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+/g, ' ').trim()}`);
  };
  setWarningLogger(forward('warn'));
  setErrorLogger(forward('warn'));
  setDebugLogger(() => undefined);
}

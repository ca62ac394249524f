/**
 * The configuration of one OPC UA source: where the server is, how the channel is secured,
 * which variables are read as which tags, and how they are sampled and caught up.
 *
 * Security is strict by default (OPC UA Part 2, Part 7 security profiles): SignAndEncrypt
 * with Basic256Sha256 or one of the newer RSA-OAEP/PSS policies. The deprecated SHA-1
 * policies (Basic128Rsa15, Basic256) are refused, and SecurityMode None is accepted only
 * when the configuration names it.
 */
import { z } from 'zod';
import { AppError } from '../../core/errors.js';

/** Message security modes causeway accepts, strongest first. */
export const SECURITY_MODES = ['SignAndEncrypt', 'Sign', 'None'] as const;
/** Security policies causeway accepts: Basic256Sha256 or stronger, and None (only with mode None). */
export const SECURITY_POLICIES = ['Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss', 'None'] as const;

export type SecurityModeName = (typeof SECURITY_MODES)[number];
export type SecurityPolicyName = (typeof SECURITY_POLICIES)[number];

/** A deadband on a monitored item (OPC UA Part 4, 7.22.2 DataChangeFilter). */
const deadband = z.object({
  /** absolute: in the tag's unit; percent: of the EURange of an AnalogItem. */
  type: z.enum(['absolute', 'percent']),
  value: z.number().nonnegative(),
});

/** One variable read as one tag. */
const tagSchema = z.object({
  /** The variable's NodeId, e.g. `ns=2;s=Dryer1.InletTemp`. */
  nodeId: z.string().min(1),
  /** causeway's tag name (the key of its samples). */
  tag: z.string().min(1),
  /** The equipment the tag belongs to. */
  equipment: z.string().min(1),
  unit: z.string().optional(),
  signal: z.string().optional(),
  description: z.string().optional(),
  /** Sampling interval in ms for this tag; default the source's. 0 = on every change the server sees. */
  samplingInterval: z.number().nonnegative().optional(),
  deadband: deadband.optional(),
});

/** The input shape of an OPC UA source (what a person writes; defaults filled by {@link parseOpcuaConfig}). */
export const opcuaConfigSchema = z.object({
  /** opc.tcp://host:port/path */
  endpoint: z.string().regex(/^opc\.tcp:\/\/[^\s/]+(:\d+)?(\/\S*)?$/, 'is not an opc.tcp:// URL'),
  security: z
    .object({
      mode: z.enum(SECURITY_MODES).default('SignAndEncrypt'),
      policy: z.enum(SECURITY_POLICIES).optional(),
    })
    .default({ mode: 'SignAndEncrypt' }),
  /** Anonymous, or a user name with a password given through the source's secrets (never stored in clear). */
  user: z.object({ name: z.string().min(1), password: z.string() }).optional(),
  /** The site the source's equipment belongs to. */
  site: z.string().min(1),
  /** Time zone of that site, used only when the store does not have the site yet. */
  timezone: z.string().min(1).default('UTC'),
  /**
   * Folder of the client's PKI: its own certificate and the server certificates trusted or
   * rejected. Default: `pki/<source>` beside the store file.
   */
  pki: z.string().min(1).optional(),
  tags: z.array(tagSchema).default([]),
  subscription: z
    .object({
      /** Publishing interval in ms. */
      publishingInterval: z.number().positive().default(1000),
      /** Default sampling interval of a tag in ms. */
      samplingInterval: z.number().nonnegative().default(1000),
      /** Server-side queue per item: values sampled between two publishes (overflow beyond it is marked as data loss). */
      queueSize: z.number().int().positive().default(100),
      /** Publishing intervals without a publish before the server drops the subscription (Part 4, 5.13.1). */
      lifetimeCount: z.number().int().positive().default(600),
      maxKeepAliveCount: z.number().int().positive().default(10),
    })
    .default({ publishingInterval: 1000, samplingInterval: 1000, queueSize: 100, lifetimeCount: 600, maxKeepAliveCount: 10 }),
  history: z
    .object({
      /** Catch up from the history of the server after every (re)connection. */
      catchUp: z.boolean().default(true),
      /** Values per node per HistoryRead call (the server returns a continuation point for more). */
      valuesPerRead: z.number().int().positive().default(1000),
      /** Nodes per HistoryRead call. */
      nodesPerRead: z.number().int().positive().default(100),
      /** Back-fill this far into the past for a tag that has no samples yet (ms); 0 = none. */
      backfill: z.number().nonnegative().default(0),
    })
    .default({ catchUp: true, valuesPerRead: 1000, nodesPerRead: 100, backfill: 0 }),
  /** Wait between reconnection attempts, growing from initial to max (ms). */
  reconnect: z
    .object({ initialDelay: z.number().positive().default(500), maxDelay: z.number().positive().default(10_000) })
    .default({ initialDelay: 500, maxDelay: 10_000 }),
  /** Samples are written right after each publish, in one transaction per flush, and at least this often (ms). */
  flushInterval: z.number().positive().default(1000),
});

export type OpcuaConfigInput = z.input<typeof opcuaConfigSchema>;
/** A checked OPC UA source configuration with every default filled in. */
export type OpcuaConfig = z.output<typeof opcuaConfigSchema> & {
  security: { mode: SecurityModeName; policy: SecurityPolicyName };
  pki: string;
};
export type OpcuaTag = OpcuaConfig['tags'][number];

/**
 * Checks an OPC UA source configuration and fills its defaults.
 *
 * @throws AppError `opcua_config` naming the field and echoing the value; `opcua_insecure`
 *   when a weak policy is asked for, or None without naming mode None.
 * @example
 * parseOpcuaConfig({ endpoint: 'opc.tcp://plc1:4840', pki: './pki/plc1', tags: [...] })
 * // security: { mode: 'SignAndEncrypt', policy: 'Basic256Sha256' }
 * @param defaultPki - the PKI folder when the configuration names none.
 */
export function parseOpcuaConfig(input: unknown, defaultPki?: string): OpcuaConfig {
  const c = checkOpcuaConfig(input);
  const pki = c.pki ?? defaultPki;
  if (!pki) throw new AppError('opcua_config', 'OPC UA source: pki is missing', 'name the folder of the source\'s certificates, e.g. "pki": "./pki/plc1"');
  return { ...c, pki };
}

/** A checked configuration whose PKI folder may still be the default (see {@link opcuaSourceSchema}). */
export type OpcuaSourceConfig = Omit<OpcuaConfig, 'pki'> & { pki?: string };

/** {@link parseOpcuaConfig} without resolving the PKI folder. */
function checkOpcuaConfig(input: unknown): OpcuaSourceConfig {
  const raw = input as { security?: { policy?: unknown } } | undefined;
  const policy = raw?.security?.policy;
  if (typeof policy === 'string' && /^(Basic128Rsa15|Basic256)$/.test(policy))
    throw new AppError('opcua_insecure', `security policy '${policy}' is deprecated (SHA-1) and not accepted`, `use Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss`);
  const parsed = opcuaConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.join('.') || '(source)';
    const value = valueAt(input, issue.path);
    throw new AppError('opcua_config', `OPC UA source: ${at} ${issue.message}${value === undefined ? '' : ` (value ${JSON.stringify(value)})`}`, 'see the OPC UA section of docs/connectors.md for the fields and an example', { issues: parsed.error.issues });
  }
  const c = parsed.data;
  const mode = c.security.mode;
  const chosen = c.security.policy ?? (mode === 'None' ? 'None' : 'Basic256Sha256');
  if (mode === 'None' && chosen !== 'None')
    throw new AppError('opcua_config', `OPC UA source: security mode None cannot use policy '${chosen}'`, "leave policy out, or choose mode 'SignAndEncrypt'");
  if (mode !== 'None' && chosen === 'None')
    throw new AppError('opcua_insecure', `OPC UA source: security policy None was asked for with mode '${mode}'`, "name mode 'None' if an unsecured channel is really wanted; otherwise leave policy out (Basic256Sha256)");
  const seen = new Map<string, string>();
  for (const t of c.tags) {
    const other = seen.get(t.tag);
    if (other !== undefined) throw new AppError('opcua_config', `OPC UA source: tag '${t.tag}' is mapped twice (${other} and ${t.nodeId})`, 'give every variable a tag name of its own');
    seen.set(t.tag, t.nodeId);
  }
  return { ...c, security: { mode, policy: chosen } };
}

/**
 * The configuration schema of the `opcua` connector kind: {@link opcuaConfigSchema} with the
 * security rules of {@link parseOpcuaConfig}. `pki` is left as given (the kind resolves its default).
 */
export const opcuaSourceSchema = z.unknown().transform((input, ctx): OpcuaSourceConfig => {
  try {
    return checkOpcuaConfig(input);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `${(e as Error).message}${(e as AppError).hint ? `; ${(e as AppError).hint}` : ''}` });
    return z.NEVER;
  }
});

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v: unknown = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return typeof v === 'object' ? undefined : v;
}

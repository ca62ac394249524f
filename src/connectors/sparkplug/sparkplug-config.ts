/**
 * The configuration of a Sparkplug B source (docs/connectors.md, "MQTT Sparkplug B").
 */
import { z } from 'zod';

const text = z.string().trim().min(1, { error: 'must not be empty' });

/** How to reach the broker. `password` is a secret (sealed, or env:NAME / file:PATH). */
export const BrokerSchema = z.strictObject({
  /** mqtt://host:1883, mqtts://host:8883, ws://… */
  url: z.string().regex(/^(mqtts?|wss?|tcp|ssl):\/\/[^\s]+$/, { error: 'must be a broker address like mqtt://127.0.0.1:1883 or mqtts://broker:8883' }),
  username: text.optional(),
  password: z.string().optional(),
  /** MQTT client id; default causeway-<source>-<random>. */
  clientId: text.optional(),
  /** CA certificate (PEM file) to trust for mqtts. */
  ca: text.optional(),
});

/** A Sparkplug B source's configuration. */
export const SparkplugConfigSchema = z.strictObject({
  broker: BrokerSchema,
  /** The host application's id: its STATE topic is spBv1.0/STATE/<hostId>. Default 'causeway'. */
  hostId: text.regex(/^[^/#+]+$/, { error: "must not contain '/', '#' or '+'" }).default('causeway'),
  /** Sparkplug group ids to read; default every group. */
  groups: z.array(text.regex(/^[^/#]+$/, { error: "must not contain '/' or '#'" })).min(1).default(['+']),
  /**
   * The tag a metric is stored under: a template of {group}, {edge}, {device} and {metric}
   * ('/' in metric names kept). A field that is empty (node metrics have no device) is dropped
   * with the separator after it. Default '{edge}.{device}.{metric}'.
   */
  tag: text.default('{edge}.{device}.{metric}'),
  /**
   * The equipment of tags a birth brings that the store does not have yet (a template like
   * `tag`); they are then added with the metric's engineering unit. Without it, metrics of
   * unknown tags are kept as dead letters until the tags are imported.
   */
  equipment: text.optional(),
  /** How long a message ahead of a missing one waits before the host asks for a rebirth, ms. Default 2000. */
  reorderTimeoutMs: z.number().int().min(10).max(60_000).default(2_000),
  /** Samples per batch at most, and the longest wait of a sample before it is stored (ms). */
  batch: z.strictObject({
    maxRows: z.number().int().min(1).max(1_000_000).default(50_000),
    maxWaitMs: z.number().int().min(10).max(60_000).default(1_000),
  }).default({ maxRows: 50_000, maxWaitMs: 1_000 }),
});

export type SparkplugConfig = z.infer<typeof SparkplugConfigSchema>;

/** The fields of a tag template. */
export interface TagFields {
  group: string;
  edge: string;
  device?: string | undefined;
  metric: string;
}

/**
 * Fills a template: {group}, {edge}, {device}, {metric}; an empty field is dropped together
 * with the separator (one of . / : _ -) that follows it.
 *
 * @example
 * fillTemplate('{edge}.{device}.{metric}', { group: 'G', edge: 'E1', metric: 'Temp' }) // 'E1.Temp'
 */
export function fillTemplate(template: string, f: TagFields): string {
  const values: Record<string, string> = { group: f.group, edge: f.edge, device: f.device ?? '', metric: f.metric };
  return template
    .replace(/\{(group|edge|device|metric)\}([./:_-])?/g, (_, k: string, sep: string | undefined) => (values[k] ? values[k] + (sep ?? '') : ''))
    .replace(/[./:_-]+$/, '');
}

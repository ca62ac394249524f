/**
 * Creating the JetStream layout (names.ts) when it is not there yet: a site's stream (by its
 * agent, at first contact), the dead-letter stream and the hub's consumers (by the hub). An
 * existing stream is left as an administrator may have tuned it.
 */
import { AckPolicy, DeliverPolicy, DiscardPolicy, RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { AppError } from '../core/errors.js';
import { DEAD_STREAM, HUB_CONSUMER, siteStream, siteSubject } from './names.js';

/** Retention of a site stream: a hub rebuilt from scratch can read a week back. */
const SITE_RETENTION_MS = 7 * 24 * 3600 * 1000;
/** JetStream drops a message whose id it stored within this window (the agent's resend after a break). */
export const DUPLICATE_WINDOW_MS = 3600 * 1000;
/** How long the hub may hold a message before JetStream delivers it again (it reports progress while applying). */
export const ACK_WAIT_MS = 60_000;

async function exists(jsm: JetStreamManager, stream: string): Promise<boolean> {
  try {
    await jsm.streams.info(stream);
    return true;
  } catch {
    return false;
  }
}

/** Creates the stream of `site` unless it exists. */
export async function ensureSiteStream(jsm: JetStreamManager, site: string): Promise<void> {
  const name = siteStream(site);
  if (await exists(jsm, name)) return;
  await jsm.streams.add({
    name, subjects: [siteSubject(site, '>')], storage: StorageType.File, retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old, max_age: nanos(SITE_RETENTION_MS), duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  });
}

/** Creates the stream of parked batches unless it exists (kept until an administrator purges it). */
export async function ensureDeadStream(jsm: JetStreamManager): Promise<void> {
  if (await exists(jsm, DEAD_STREAM)) return;
  await jsm.streams.add({ name: DEAD_STREAM, subjects: ['causeway.dead.>'], storage: StorageType.File, retention: RetentionPolicy.Limits });
}

/**
 * Creates the hub's durable pull consumer on a site's stream unless it exists: explicit acks,
 * one message in flight (a site's batches are applied in the order the site sent them: lots
 * before their results), redelivered after {@link ACK_WAIT_MS} without an ack.
 */
export async function ensureHubConsumer(jsm: JetStreamManager, site: string): Promise<void> {
  const stream = siteStream(site);
  try {
    await jsm.consumers.info(stream, HUB_CONSUMER);
    return;
  } catch {
    // not there yet
  }
  await jsm.consumers.add(stream, {
    durable_name: HUB_CONSUMER, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(ACK_WAIT_MS), max_ack_pending: 1,
  });
}

/**
 * Connects to NATS, reconnecting for ever after a break (the caller retries the first connect).
 *
 * @throws AppError `nats_unreachable` when no server answers.
 */
export async function connectNats(servers: string, name: string): Promise<NatsConnection> {
  try {
    return await connect({ servers: servers.split(','), name, reconnect: true, maxReconnectAttempts: -1, reconnectTimeWait: 500, timeout: 3000 });
  } catch (e) {
    throw new AppError('nats_unreachable', `cannot reach NATS at ${servers}: ${(e as Error).message}`, 'check the address and that the NATS server (or the site\'s leaf node) runs with JetStream (-js)');
  }
}

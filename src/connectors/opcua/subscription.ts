/**
 * One subscription with a monitored item per tag: sampling interval and deadband per tag, the
 * server's source time stamps, and a queue per item large enough for a publishing interval.
 *
 * @see OPC UA Part 4, 5.12 MonitoredItem services; 7.22.2 DataChangeFilter (deadband)
 */
import {
  ClientSubscription,
  AttributeIds,
  DataChangeFilter,
  DataChangeTrigger,
  DeadbandType,
  TimestampsToReturn,
  type ClientSession,
  type DataValue,
  type MonitoringParametersOptions,
} from 'node-opcua-client';
import type { OpcuaConfig, OpcuaTag } from './config.js';
import { describeStatus } from './samples.js';

/** Receives every value the server notifies. */
export type OnValue = (tag: OpcuaTag, dataValue: DataValue) => void;

/** A tag the server would not monitor, with the server's reason. */
export interface MonitorFailure {
  tag: OpcuaTag;
  status: number;
  reason: string;
}

/** Items per CreateMonitoredItems call: within the operation limits servers commonly set. */
const ITEMS_PER_CALL = 1000;

/**
 * Creates the subscription and its monitored items. Items with the same sampling interval and
 * deadband share one call. Returns the subscription and the tags the server refused.
 */
export async function subscribe(session: ClientSession, config: OpcuaConfig, onValue: OnValue): Promise<{ subscription: ClientSubscription; failures: MonitorFailure[] }> {
  const s = config.subscription;
  const subscription = await session.createSubscription2({
    requestedPublishingInterval: s.publishingInterval,
    requestedLifetimeCount: s.lifetimeCount,
    requestedMaxKeepAliveCount: s.maxKeepAliveCount,
    maxNotificationsPerPublish: 0,
    publishingEnabled: true,
    priority: 1,
  });
  const failures: MonitorFailure[] = [];
  for (const [key, tags] of groupByParameters(config)) {
    const parameters = monitoringParameters(key, s.queueSize);
    for (let i = 0; i < tags.length; i += ITEMS_PER_CALL) {
      const chunk = tags.slice(i, i + ITEMS_PER_CALL);
      const group = await subscription.monitorItems(
        chunk.map((t) => ({ nodeId: t.nodeId, attributeId: AttributeIds.Value })),
        parameters,
        TimestampsToReturn.Both,
      );
      group.on('changed', (_item, dataValue, index) => {
        const tag = chunk[index];
        if (tag) onValue(tag, dataValue);
      });
      group.monitoredItems.forEach((item, k) => {
        const status = item.statusCode.value >>> 0;
        if (status >>> 30 >= 2) failures.push({ tag: chunk[k]!, status, reason: `the server refused to monitor tag '${chunk[k]!.tag}' (${chunk[k]!.nodeId}): ${describeStatus(status)}` });
      });
    }
  }
  return { subscription, failures };
}

interface ParameterKey {
  samplingInterval: number;
  deadband: OpcuaTag['deadband'];
}

function groupByParameters(config: OpcuaConfig): Map<string, OpcuaTag[]> {
  const groups = new Map<string, OpcuaTag[]>();
  for (const t of config.tags) {
    const key: ParameterKey = { samplingInterval: t.samplingInterval ?? config.subscription.samplingInterval, deadband: t.deadband };
    const k = JSON.stringify(key);
    const list = groups.get(k) ?? [];
    list.push(t);
    groups.set(k, list);
  }
  return groups;
}

function monitoringParameters(key: string, queueSize: number): MonitoringParametersOptions {
  const { samplingInterval, deadband } = JSON.parse(key) as ParameterKey;
  return {
    samplingInterval,
    queueSize,
    // Keep the newest values when the queue is full; the server then sets the Overflow bit
    // on the first value after the gap (Part 4, 5.12.1.5), which becomes a data-loss marker.
    discardOldest: true,
    // Without a deadband every new source time stamp is a sample (a value repeated at a new
    // time is still a measurement); with one, only a change beyond it (Part 4, 7.22.2).
    filter: new DataChangeFilter(
      deadband
        ? { trigger: DataChangeTrigger.StatusValue, deadbandType: deadband.type === 'absolute' ? DeadbandType.Absolute : DeadbandType.Percent, deadbandValue: deadband.value }
        : { trigger: DataChangeTrigger.StatusValueTimestamp, deadbandType: DeadbandType.None, deadbandValue: 0 },
    ),
  };
}

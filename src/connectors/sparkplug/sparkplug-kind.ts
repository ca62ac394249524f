/**
 * The Sparkplug B connector kind: a live MQTT host application (see sparkplug-connector.ts).
 */
import type { ConnectorKind } from '../connector-types.js';
import { SparkplugConfigSchema, type SparkplugConfig } from './sparkplug-config.js';
import { SparkplugConnector } from './sparkplug-connector.js';

/** The kind `sparkplug`. */
export const sparkplugKind: ConnectorKind<SparkplugConfig> = {
  kind: 'sparkplug',
  title: 'MQTT Sparkplug B host application',
  mode: 'live',
  schema: SparkplugConfigSchema,
  secrets: ['broker.password'],
  create: (context) => new SparkplugConnector(context),
};

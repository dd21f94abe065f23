import { Kafka, type KafkaConfig, type logLevel } from 'kafkajs';
import { nestKafkaLogCreator } from './kafka-log-creator';
import { kafkajsSecurity, type KafkaSecurity } from './kafka-security';

type ConnectionSettings = Pick<KafkaConfig, 'connectionTimeout' | 'requestTimeout' | 'retry'>;

export interface KafkaClientOptions extends ConnectionSettings {
  clientId: string;
  brokers: string[];
  /** TLS and SASL: every client states it (`PLAINTEXT` for none), so none is left open by omission. */
  security: KafkaSecurity;
  /** The lowest level kafkajs logs at (its KAFKAJS_LOG_LEVEL variable overrides it). */
  logLevel: logLevel;
  /**
   * Log through the Nest logger (pino in the services, with their fields and redaction) instead of
   * kafkajs's console logger, which processes without Nest (test children, tests) keep.
   */
  nestLogger?: boolean;
}

/** Every Carebus kafkajs client is made here, so client settings and logging have one home. */
export function createKafkaClient({ nestLogger, security, ...config }: KafkaClientOptions): Kafka {
  return new Kafka({
    ...config,
    ...kafkajsSecurity(security),
    ...(nestLogger ? { logCreator: nestKafkaLogCreator } : {}),
  });
}

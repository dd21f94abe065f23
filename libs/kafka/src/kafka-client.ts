import { Kafka, type KafkaConfig, type logLevel } from 'kafkajs';
import { nestKafkaLogCreator } from './kafka-log-creator';

type ConnectionSettings = Pick<KafkaConfig, 'connectionTimeout' | 'requestTimeout' | 'retry'>;

export interface KafkaClientOptions extends ConnectionSettings {
  clientId: string;
  brokers: string[];
  /** The lowest level kafkajs logs at (its KAFKAJS_LOG_LEVEL variable overrides it). */
  logLevel: logLevel;
  /**
   * Log through the Nest logger (pino in the services, with their fields and redaction) instead of
   * kafkajs's console logger, which processes without Nest (test children, tests) keep.
   */
  nestLogger?: boolean;
}

/** Every Carebus kafkajs client is made here, so client settings and logging have one home. */
export function createKafkaClient({ nestLogger, ...config }: KafkaClientOptions): Kafka {
  return new Kafka({ ...config, ...(nestLogger ? { logCreator: nestKafkaLogCreator } : {}) });
}

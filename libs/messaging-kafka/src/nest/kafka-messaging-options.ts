import type { KafkaSecurity } from '@carebus/kafka';
import type { ConsumerRunnerOptions } from '../consumer-runner-options';

export interface KafkaMessagingOptions extends Pick<
  ConsumerRunnerOptions,
  | 'retryDelaysMs'
  | 'partitionsConsumedConcurrently'
  | 'fromBeginning'
  | 'commitIntervalMs'
  | 'provisioning'
  | 'consumerConfig'
  | 'constraintErrors'
> {
  brokers: string[];
  security: KafkaSecurity;
  clientId: string;
  /** Schema of the service's `processed_events` table. */
  inboxSchema: string;
  /** Serve the operator REST API for dead letters under /v1/admin/dead-letters. */
  adminApi?: boolean;
  /**
   * The service's configuration: `@EventHandler` topics and groups given as functions are read
   * from it when the handlers start (the platform passes the service's validated config).
   */
  config?: unknown;
}

export const KAFKA_MESSAGING_OPTIONS = 'CAREBUS_KAFKA_MESSAGING_OPTIONS';
/** The module's kafkajs client, for services that also produce or administer topics. */
export const KAFKA_CLIENT = 'CAREBUS_KAFKA_CLIENT';

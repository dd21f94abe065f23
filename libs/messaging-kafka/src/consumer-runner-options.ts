import type { ConsumerConfig, Kafka } from '@carebus/kafka';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { ConstraintErrors } from '@carebus/persistence';
import type { EventBatchHandlerFn, EventHandlerFn } from './consumed-event';
import type { ConsumerLogger } from './consumer-logger';
import type { EventOutcome } from './consumer-metrics';

export interface ConsumerRunnerOptions {
  kafka: Kafka;
  dataSource: DataSource;
  /** Schema holding `processed_events` (the inbox), usually the service's own schema. */
  inboxSchema: string;
  /**
   * The service's constraint → domain error table: a constraint violation in a handler leaves as
   * the service's error, as in its request paths (and its kind decides retry or dead letter).
   */
  constraintErrors?: ConstraintErrors;
  /** Consumer group; also the inbox's consumer name and part of the retry/DLQ topic names. */
  group: string;
  topic: string;
  /** Applies one event. Exactly one of `handler` and `batchHandler` is given. */
  handler?: EventHandlerFn;
  /**
   * Applies a chunk's new events (up to 100 of one partition) in one call. On an error it is called
   * again with fewer events until the failing one is alone (or named by a BatchEventFailure).
   */
  batchHandler?: EventBatchHandlerFn;
  /** Only these CloudEvents types reach the handler; others are committed and counted as skipped. */
  eventTypes?: string[];
  /** One retry topic per delay. Default [1000, 10000, 60000]; [] sends failures straight to the DLQ. */
  retryDelaysMs?: number[];
  /** Partitions handled in parallel (each partition stays sequential). Default 3. */
  partitionsConsumedConcurrently?: number;
  /** Where a brand-new group starts on the source topic. Default true: no event is missed. */
  fromBeginning?: boolean;
  /** Commit resolved offsets at least this often (and every 1,000 records) inside a long batch. Default 1000 ms. */
  commitIntervalMs?: number;
  provisioning?: {
    /** Default: the source topic's replica count. */
    replicationFactor?: number;
    /** Default 14 days: long enough for an operator to notice and replay. */
    deadLetterRetentionMs?: number;
    /** Default: the broker's retention. */
    retryRetentionMs?: number;
  };
  /** kafkajs consumer settings (session timeout, heartbeat, max wait). */
  consumerConfig?: Partial<Omit<ConsumerConfig, 'groupId'>>;
  metrics?: Registry;
  logger?: ConsumerLogger;
  /** Called once per record when its outcome is final, for instrumentation beyond the metrics. */
  onOutcome?: (outcome: EventOutcome, record: { topic: string; partition: number; offset: string }) => void;
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 10_000, 60_000];
export const DEFAULT_DEAD_LETTER_RETENTION_MS = 14 * 24 * 3600 * 1000;

import {
  idempotentProducer,
  TopicProvisioner,
  type Consumer,
  type EachBatchPayload,
  type KafkaMessage,
  type Producer,
} from '@carebus/kafka';
import { Registry } from 'prom-client';
import { stderrJsonLogger, type ConsumerLogger } from './consumer-logger';
import { ConsumerMetrics } from './consumer-metrics';
import {
  DEFAULT_DEAD_LETTER_RETENTION_MS,
  DEFAULT_RETRY_DELAYS_MS,
  type ConsumerRunnerOptions,
} from './consumer-runner-options';
import { readNotBefore } from './failure-headers';
import { FailureRouter } from './failure-router';
import { MessageProcessor } from './message-processor';
import { PartitionLag } from './partition-lag';
import { RetryGate } from './retry-gate';
import { RetryTopology } from './retry-topology';

/**
 * Offsets are committed after this many records inside a long batch (and at least every
 * commitIntervalMs). Each commit is a broker round trip the partition waits for; at 100 it came
 * after every 100-record chunk. A crash redoes at most this many records per partition (plus
 * what a second brings), and the inbox skips them.
 */
const COMMIT_EVERY_RECORDS = 1_000;
/** Records applied per database transaction. */
const CHUNK_RECORDS = 100;

/**
 * Consumes one topic for one consumer group with at-least-once delivery and exactly-once effects:
 * each record's effects and its inbox claim commit in one transaction, and the offset is committed
 * only after that. A failing record moves to the group's retry topics and then its DLQ, so it never
 * blocks its partition. The runner also consumes those retry topics, holding each message back
 * until its `carebus-not-before`.
 */
export class ConsumerRunner {
  readonly topology: RetryTopology;
  private readonly metrics: ConsumerMetrics;
  private readonly lag: PartitionLag;
  private readonly logger: ConsumerLogger;
  private readonly gate = new RetryGate();
  private consumer?: Consumer;
  private producer?: Producer;

  constructor(private readonly options: ConsumerRunnerOptions) {
    if (!options.handler === !options.batchHandler) {
      throw new Error(
        `runner ${options.topic}/${options.group} needs exactly one of handler and batchHandler`,
      );
    }
    this.topology = new RetryTopology(
      options.topic,
      options.group,
      options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    );
    this.metrics = new ConsumerMetrics(options.metrics ?? new Registry());
    this.lag = new PartitionLag(this.metrics.lag, options.group);
    this.logger = options.logger ?? stderrJsonLogger;
  }

  /** Provisions the retry and DLQ topics, joins the group and starts consuming. */
  async start(): Promise<void> {
    if (this.consumer)
      throw new Error(`runner ${this.options.topic}/${this.options.group} is already started`);
    const { kafka, group, topic } = this.options;
    await this.provisionTopics();
    const producer = idempotentProducer(kafka);
    await producer.connect();
    const consumer = kafka.consumer({
      maxWaitTimeInMs: 1_000,
      ...this.options.consumerConfig,
      groupId: group,
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      const fields = { topic, group, error: payload.error.message, restart: payload.restart };
      this.logger.error('consumer crashed', fields);
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => this.lag.keepOnly(payload.memberAssignment));
    this.producer = producer;
    this.consumer = consumer;
    const processor = new MessageProcessor({
      ...this.options,
      router: new FailureRouter(producer, this.topology),
      metrics: this.metrics,
      logger: this.logger,
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: this.options.fromBeginning ?? true });
      // Retry topics always from the beginning: a retry written before the group's first commit
      // on that topic must not be skipped.
      if (this.topology.retryTopics.length > 0) {
        await consumer.subscribe({ topics: [...this.topology.retryTopics], fromBeginning: true });
      }
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
        eachBatch: (payload) => this.eachBatch(payload, processor),
      });
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.logger.info('consumer runner started', { topic, group, retryTopics: this.topology.retryTopics });
  }

  /** Lets the record in flight finish, commits what is done, leaves the group and disconnects. */
  async stop(): Promise<void> {
    const { consumer, producer } = this;
    this.consumer = undefined;
    this.producer = undefined;
    this.gate.clear();
    await consumer?.disconnect();
    await producer?.disconnect();
    this.lag.clear();
  }

  private async eachBatch(payload: EachBatchPayload, processor: MessageProcessor): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, pause } = payload;
    const attempt = this.topology.attemptOn(batch.topic);
    const commitIntervalMs = this.options.commitIntervalMs ?? 1_000;
    let lastCommit = Date.now();
    let sinceCommit = 0;
    try {
      const messages = batch.messages;
      let next = 0;
      while (next < messages.length && isRunning() && !isStale()) {
        // A chunk: up to CHUNK_RECORDS records, cut short at a retry record that is not due yet.
        const chunk: KafkaMessage[] = [];
        let held = false;
        while (next + chunk.length < messages.length && chunk.length < CHUNK_RECORDS) {
          const message = messages[next + chunk.length]!;
          const notBefore = attempt > 1 ? readNotBefore(message.headers) : 0;
          if (notBefore > Date.now()) {
            this.gate.hold(batch.topic, batch.partition, notBefore, pause);
            held = true;
            break;
          }
          chunk.push(message);
        }
        if (chunk.length > 0) {
          const outcomes = await processor.processChunk(batch.topic, batch.partition, chunk, attempt);
          for (const [i, message] of chunk.entries()) {
            resolveOffset(message.offset);
            this.options.onOutcome?.(outcomes[i]!, {
              topic: batch.topic,
              partition: batch.partition,
              offset: message.offset,
            });
          }
          next += chunk.length;
          const last = chunk[chunk.length - 1]!;
          this.lag.set(
            batch.topic,
            batch.partition,
            Math.max(0, Number(batch.highWatermark) - Number(last.offset) - 1),
          );
          await heartbeat();
          // Bounded redelivery after a crash: a restart redoes (and the inbox skips) at most this much.
          sinceCommit += chunk.length;
          if (sinceCommit >= COMMIT_EVERY_RECORDS || Date.now() - lastCommit >= commitIntervalMs) {
            await this.commit(payload);
            lastCommit = Date.now();
            sinceCommit = 0;
          }
        }
        if (held) break;
      }
    } finally {
      // Also on the way out of an error (e.g. a rebalance), so finished work is not redone.
      await this.commit(payload).catch((error: unknown) =>
        this.logger.warn('offset commit failed; the inbox absorbs the redelivery', {
          topic: batch.topic,
          group: this.options.group,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
    }
  }

  // autoCommit is off, so kafkajs commits only the offsets handed to it explicitly.
  private async commit({ commitOffsetsIfNecessary, uncommittedOffsets }: EachBatchPayload): Promise<void> {
    const offsets = uncommittedOffsets();
    if (offsets.topics.length > 0) await commitOffsetsIfNecessary(offsets);
  }

  private async provisionTopics(): Promise<void> {
    const { kafka, topic, provisioning = {} } = this.options;
    const admin = kafka.admin();
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(topic)) {
        throw new Error(`source topic ${topic} does not exist; create it before starting its consumers`);
      }
      const [source] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      const partitions = source!.partitions.length;
      const replicationFactor = provisioning.replicationFactor ?? source!.partitions[0]!.replicas.length;
      await TopicProvisioner.ensure(admin, [
        ...this.topology.retryTopics.map((retry) => ({
          topic: retry,
          partitions,
          replicationFactor,
          ...(provisioning.retryRetentionMs !== undefined
            ? { retentionMs: provisioning.retryRetentionMs }
            : {}),
        })),
        {
          topic: this.topology.deadLetterTopic,
          partitions,
          replicationFactor,
          retentionMs: provisioning.deadLetterRetentionMs ?? DEFAULT_DEAD_LETTER_RETENTION_MS,
        },
      ]);
    } finally {
      await admin.disconnect();
    }
  }
}

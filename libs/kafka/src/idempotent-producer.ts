import { Partitioners, type Kafka, type Producer, type ProducerConfig } from 'kafkajs';

/**
 * The producer events are written with (outbox relay, retry and DLQ routing, dead-letter replay):
 * idempotent with one request in flight, so a retried request neither duplicates nor reorders a
 * partition's records, and the default partitioner (the Java client's murmur2), so a key lands on
 * the partition any other Kafka client would pick. Not connected yet.
 */
export function idempotentProducer(kafka: Kafka, options: Pick<ProducerConfig, 'retry'> = {}): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    ...options,
  });
}

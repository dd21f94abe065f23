import type { Kafka } from '@carebus/kafka';
import { decodeEventPayload, EVENTS } from '@carebus/contracts';
import { SequenceChecker } from './sequence-checker';

interface Sequenced {
  aggregateId: string;
  sequence: bigint;
}

/**
 * Reads a topic from the beginning with a fresh group and feeds every SequencedEvent to a
 * checker, in arrival order per partition, until `done(checker)` or the timeout.
 */
export async function consumeSequences(
  kafka: Kafka,
  topic: string,
  done: (checker: SequenceChecker) => boolean,
  timeoutMs: number,
): Promise<SequenceChecker> {
  const checker = new SequenceChecker();
  const consumer = kafka.consumer({
    groupId: `checker-${topic}-${Date.now()}`,
    maxBytesPerPartition: 4 << 20,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const event = decodeEventPayload(
            EVENTS.testSequenced.type,
            message.value ?? new Uint8Array(),
          ) as unknown as Sequenced;
          checker.observe(event.aggregateId, Number(event.sequence));
        }
        if (done(checker)) finish();
      },
    });
    if (done(checker)) finish();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    return checker;
  } finally {
    await consumer.disconnect();
  }
}

import { randomUUID } from 'node:crypto';
import { testKafka } from '@carebus/testing';

export interface SeenEvent {
  type: string;
  key: string;
}

/** Every record of a topic from its start until `until` holds or the time is up (its own group). */
export async function readTopic(
  topic: string,
  until: (seen: SeenEvent[]) => boolean,
  timeoutMs = 30_000,
): Promise<SeenEvent[]> {
  const kafka = testKafka();
  const consumer = kafka.consumer({ groupId: `test-devices-${randomUUID()}` });
  const seen: SeenEvent[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push({ type: String(message.headers?.ce_type ?? ''), key: message.key?.toString() ?? '' });
        if (until(seen)) done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

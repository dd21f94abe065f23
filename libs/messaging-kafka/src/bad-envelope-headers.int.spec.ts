import type { Message } from '@carebus/kafka';
import { newClinicId, waitFor } from '@carebus/testing';
import { recordingLogger } from './testing/recording-logger';
import { sequencedMessage } from './testing/sequenced-messages';
import { useConsumerTestBed } from '../test/consumer-test-bed';

/**
 * Envelope attributes reach SQL (`ce_id` keys the inbox): a value PostgreSQL cannot store, or
 * cannot index, must be a malformed record, not a failing chunk redelivered for ever.
 */
describe('envelope headers PostgreSQL cannot take', () => {
  const testBed = useConsumerTestBed();

  it('dead-letters a 4 KB ce_id and one with a NUL, and the partition keeps flowing', async () => {
    const bed = testBed();
    const { producer, store } = bed;
    // One partition: the bad records stand in front of the good one.
    const { topic, group, schema } = await bed.scenario('bad_envelope');
    const handled: string[] = [];
    const runner = bed.runner({
      inboxSchema: schema,
      topic,
      group,
      retryDelaysMs: [200, 400],
      logger: recordingLogger(),
      handler: async (event) => {
        handled.push(event.key ?? '');
      },
    });
    const clinicId = newClinicId();
    const withHeader = (aggregateId: string, header: string, value: string): Message => {
      const message = sequencedMessage({ aggregateId, sequence: 1, clinicId });
      return { ...message, headers: { ...(message.headers as Record<string, string>), [header]: value } };
    };
    const good = sequencedMessage({ aggregateId: 'good', sequence: 1, clinicId });
    await producer.send({
      topic,
      messages: [
        withHeader('long-id', 'ce_id', 'x'.repeat(4096)),
        withHeader('nul-id', 'ce_id', 'event\u0000id'),
        withHeader('nul-source', 'ce_source', '/carebus/\u0000'),
        good,
      ],
    });
    await runner.start();

    const letters = await waitFor(
      async () => {
        const found = await store.list({ topic, group });
        return found.length === 3 ? found : undefined;
      },
      { what: 'three dead letters' },
    );
    expect(letters.map((l) => [l.key, l.errorCode, l.attempt, l.retryable])).toEqual([
      ['long-id', 'envelope.bad_id', 1, false],
      ['nul-id', 'envelope.bad_id', 1, false],
      ['nul-source', 'envelope.bad_source', 1, false],
    ]);
    await waitFor(() => handled.length === 1, { what: 'the good event handled' });
    expect(handled).toEqual(['good']);
    const claimed = await bed.dataSource.query<{ event_id: string }[]>(
      `SELECT event_id FROM ${schema}.processed_events WHERE consumer = $1`,
      [group],
    );
    expect(claimed.map((r) => r.event_id)).toEqual([good.headers!.ce_id]);
  });
});

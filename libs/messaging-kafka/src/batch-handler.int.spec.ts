import { EVENTS, type SequencedEvent } from '@carebus/contracts';
import { raw, sql, type Transaction } from '@carebus/persistence';
import { newClinicId, waitFor } from '@carebus/testing';
import { BatchEventFailure } from './batch-event-failure';
import { isEventOf, type ConsumedEvent } from './consumed-event';
import { ConsumerRunner } from './consumer-runner';
import { recordingLogger } from './testing/recording-logger';
import { sequenceReport } from './testing/sequence-effects';
import { sequencedMessage } from './testing/sequenced-messages';
import { useConsumerTestBed } from '../test/consumer-test-bed';

/** The batch form of applySequencedEvent: all rows of a call in one INSERT. */
async function applyAll(tx: Transaction, schema: string, events: SequencedEvent[]): Promise<void> {
  const ids = events.map((e) => e.aggregateId);
  const sequences = events.map((e) => String(e.sequence));
  await tx.execute(
    sql`INSERT INTO ${raw(schema)}.applied_sequences (aggregate_id, sequence)
        SELECT * FROM unnest(${ids}::text[], ${sequences}::bigint[])`,
  );
}

function sequenced(events: ConsumedEvent[]): SequencedEvent[] {
  return events.flatMap((e) => (isEventOf(e, EVENTS.testSequenced) ? [e.payload] : []));
}

describe('a batch handler', () => {
  const testBed = useConsumerTestBed();

  async function start(
    prefix: string,
    batchHandler: (events: ConsumedEvent[], tx: Transaction, schema: string) => Promise<void>,
  ) {
    const { topic, group, schema } = await testBed().scenario(prefix);
    const runner = testBed().runner({
      inboxSchema: schema,
      topic,
      group,
      retryDelaysMs: [],
      logger: recordingLogger(),
      batchHandler: (events, tx) => batchHandler(events, tx, schema),
    });
    return { topic, group, schema, runner };
  }

  const applied = async (schema: string, aggregateId: string): Promise<number[]> =>
    (
      await testBed().dataSource.query(
        `SELECT sequence::int AS s FROM ${schema}.applied_sequences WHERE aggregate_id = $1 ORDER BY applied_at, sequence`,
        [aggregateId],
      )
    ).map((r: { s: number }) => r.s);

  it('applies many events per call, in partition order, and skips a redelivered event', async () => {
    const calls: number[] = [];
    const { topic, schema, runner } = await start('batch', async (events, tx, schema) => {
      calls.push(events.length);
      await applyAll(tx, schema, sequenced(events));
    });
    const clinicId = newClinicId();
    const messages = Array.from({ length: 150 }, (_, i) =>
      sequencedMessage({ aggregateId: 'a', sequence: i + 1, clinicId }),
    );
    // The first event again at the end: same ce_id, so the inbox drops it.
    await testBed().producer.send({ topic, messages: [...messages, messages[0]!] });
    await runner.start();

    await waitFor(async () => (await applied(schema, 'a')).length >= 150, { what: '150 effects' });
    expect(await applied(schema, 'a')).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    expect(calls.reduce((a, b) => a + b, 0)).toBe(150);
    // Chunks hold up to 100 records, so 151 records take at least two calls and far fewer than 150.
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.length).toBeLessThan(10);
    expect(await sequenceReport(testBed().dataSource.manager, schema)).toMatchObject({ duplicates: 0 });
  });

  it.each([
    ['names the failing event (BatchEventFailure)', true],
    ['throws without naming it (the runner bisects)', false],
  ])('sends only the failing event to the DLQ when the handler %s', async (_, names) => {
    const calls: number[] = [];
    const { topic, group, schema, runner } = await start(
      names ? 'named' : 'bisect',
      async (events, tx, schema) => {
        calls.push(events.length);
        const payloads = sequenced(events);
        const bad = payloads.findIndex((p) => p.aggregateId === 'poison');
        if (bad >= 0) {
          const error = new Error(`cannot apply ${payloads[bad]!.aggregateId}`);
          throw names ? new BatchEventFailure(bad, error) : error;
        }
        await applyAll(tx, schema, payloads);
      },
    );
    const clinicId = newClinicId();
    const messages = Array.from({ length: 40 }, (_, i) =>
      sequencedMessage({ aggregateId: i === 25 ? 'poison' : 'good', sequence: i + 1, clinicId }),
    );
    await testBed().producer.send({ topic, messages });
    await runner.start();

    const [letter] = await waitFor(
      async () => {
        const letters = await testBed().store.list({ topic, group });
        return letters.length > 0 ? letters : undefined;
      },
      { what: 'the failing event in the DLQ' },
    );
    expect(letter).toMatchObject({
      key: 'poison',
      originalOffset: '25',
      errorMessage: 'cannot apply poison',
    });
    await waitFor(async () => (await applied(schema, 'good')).length >= 39, { what: '39 good effects' });
    const expected = Array.from({ length: 40 }, (_, i) => i + 1).filter((s) => s !== 26);
    expect(await applied(schema, 'good')).toEqual(expected);
    expect(await sequenceReport(testBed().dataSource.manager, schema)).toMatchObject({
      applied: 39,
      duplicates: 0,
    });
    // Named: the whole chunk, then the runs before and after the failure. Bisected: log2 steps more.
    if (names) expect(calls).toEqual([40, 25, 14]);
    else expect(calls.length).toBeGreaterThan(3);
  });

  it('refuses a runner with both or neither of handler and batchHandler', () => {
    const { kafka, dataSource } = testBed();
    const base = { kafka, dataSource, inboxSchema: 'x', topic: 't', group: 'g' };
    expect(() => new ConsumerRunner(base)).toThrow(/exactly one of handler and batchHandler/);
    expect(
      () =>
        new ConsumerRunner({ ...base, handler: async () => undefined, batchHandler: async () => undefined }),
    ).toThrow(/exactly one of handler and batchHandler/);
  });
});

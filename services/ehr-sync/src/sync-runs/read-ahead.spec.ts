import { readAhead } from './read-ahead';

/** A source that logs when each item is requested and when the consumer is done with it. */
function tracedSource(n: number, log: string[]): AsyncIterable<number> {
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (let i = 0; i < n; i++) {
          log.push(`read ${i}`);
          await new Promise((r) => setImmediate(r));
          yield i;
        }
      } finally {
        log.push('closed');
      }
    },
  };
}

describe('readAhead', () => {
  it('yields every item in order and requests the next one before the current is processed', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    for await (const i of readAhead(tracedSource(3, log))) {
      await new Promise((r) => setImmediate(r));
      log.push(`processed ${i}`);
      seen.push(i);
    }
    expect(seen).toEqual([0, 1, 2]);
    // "read 1" comes before "processed 0": reading overlaps processing, one item ahead at most.
    expect(log).toEqual([
      'read 0',
      'read 1',
      'processed 0',
      'read 2',
      'processed 1',
      'closed',
      'processed 2',
    ]);
  });

  it('closes the source when the consumer stops early, and keeps the consumer error', async () => {
    const log: string[] = [];
    const consume = async () => {
      for await (const i of readAhead(tracedSource(10, log))) {
        if (i === 1) throw new Error('lease lost');
      }
    };
    await expect(consume()).rejects.toThrow('lease lost');
    expect(log).toContain('closed');
    expect(log.filter((l) => l.startsWith('read')).length).toBeLessThanOrEqual(3);
  });

  it('passes a read failure on to the consumer', async () => {
    const failing: AsyncIterable<number> = {
      async *[Symbol.asyncIterator]() {
        yield 1;
        throw new Error('ehr down');
      },
    };
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const i of readAhead(failing)) seen.push(i);
      })(),
    ).rejects.toThrow('ehr down');
    expect(seen).toEqual([1]);
  });
});

describe('readAhead while the consumer is busy', () => {
  it('reports a read that fails during a slow step to the consumer, not as an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const failing: AsyncIterable<number> = {
        async *[Symbol.asyncIterator]() {
          yield 1;
          await new Promise((r) => setTimeout(r, 1));
          throw new Error('ehr down');
        },
      };
      await expect(
        (async () => {
          for await (const _ of readAhead(failing)) await new Promise((r) => setTimeout(r, 30));
        })(),
      ).rejects.toThrow('ehr down');
      await new Promise((r) => setTimeout(r, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

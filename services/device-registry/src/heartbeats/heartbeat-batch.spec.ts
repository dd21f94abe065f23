import { HeartbeatBatch, type Pending } from './heartbeat-batch';

describe('HeartbeatBatch', () => {
  it('coalesces per group and key, keeps the latest item and answers every caller after the flush', async () => {
    const flushed: { group: string; items: [string, string][] }[] = [];
    const batch = new HeartbeatBatch<string, string>(
      10,
      async (group, beats: Map<string, Pending<string, string>>) => {
        flushed.push({ group, items: [...beats].map(([k, p]) => [k, p.item]) });
        beats.forEach((p, key) => p.waiters.forEach((w) => w.resolve(`${group}/${key}=${p.item}`)));
      },
    );
    const answers = await Promise.all([
      batch.add('c1', 'd1', 'v1'),
      batch.add('c1', 'd1', 'v2'),
      batch.add('c1', 'd2', 'v1'),
      batch.add('c2', 'd3', 'v1'),
    ]);
    expect(answers).toEqual(['c1/d1=v2', 'c1/d1=v2', 'c1/d2=v1', 'c2/d3=v1']);
    expect(flushed).toEqual([
      {
        group: 'c1',
        items: [
          ['d1', 'v2'],
          ['d2', 'v1'],
        ],
      },
      { group: 'c2', items: [['d3', 'v1']] },
    ]);
  });

  it('rejects every caller of a group whose flush failed, and not the other groups', async () => {
    const batch = new HeartbeatBatch<string, string>(10, async (group, beats) => {
      if (group === 'bad') throw new Error('flush failed');
      beats.forEach((p) => p.waiters.forEach((w) => w.resolve('ok')));
    });
    const bad = batch.add('bad', 'd1', 'v');
    const good = batch.add('good', 'd2', 'v');
    await expect(bad).rejects.toThrow('flush failed');
    await expect(good).resolves.toBe('ok');
  });

  it('drain flushes what is pending at once', async () => {
    let flushes = 0;
    const batch = new HeartbeatBatch<string, string>(60_000, async (_group, beats) => {
      flushes += 1;
      beats.forEach((p) => p.waiters.forEach((w) => w.resolve('ok')));
    });
    const answer = batch.add('c', 'd', 'v');
    await batch.drain();
    await expect(answer).resolves.toBe('ok');
    expect(flushes).toBe(1);
  });
});

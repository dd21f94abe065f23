import { Gauge, Registry } from 'prom-client';
import { PartitionLag } from './partition-lag';

describe('PartitionLag', () => {
  const setUp = () => {
    const registry = new Registry();
    const gauge = new Gauge({
      name: 'carebus_consumer_lag',
      help: 'lag',
      labelNames: ['group', 'topic', 'partition'],
      registers: [registry],
    });
    const series = async () =>
      (await gauge.get()).values.map(
        (v) => `${v.labels.group}/${v.labels.topic}/${v.labels.partition}=${v.value}`,
      );
    return { gauge, series };
  };

  it('drops the series of partitions a rebalance moved away, keeps the others', async () => {
    const { gauge, series } = setUp();
    const lag = new PartitionLag(gauge, 'g');
    lag.keepOnly({ t: [0, 1, 2] });
    lag.set('t', 0, 5);
    lag.set('t', 1, 7);
    lag.set('t', 2, 0);
    lag.keepOnly({ t: [1], 't.g.retry.1': [0] });
    expect(await series()).toEqual(['g/t/1=7']);
  });

  it('ignores a batch that finished after its partition was revoked', async () => {
    const { gauge, series } = setUp();
    const lag = new PartitionLag(gauge, 'g');
    lag.keepOnly({ t: [1] });
    lag.set('t', 0, 9);
    lag.set('t', 1, 3);
    expect(await series()).toEqual(['g/t/1=3']);
  });

  it("touches only its own group's series on a shared gauge, and leaves none when cleared", async () => {
    const { gauge, series } = setUp();
    const mine = new PartitionLag(gauge, 'g');
    const other = new PartitionLag(gauge, 'h');
    mine.set('t', 0, 1);
    other.set('t', 0, 2);
    mine.clear();
    expect(await series()).toEqual(['h/t/0=2']);
    mine.set('t', 0, 4); // stopped: nothing is assigned until the next join
    expect(await series()).toEqual(['h/t/0=2']);
  });
});

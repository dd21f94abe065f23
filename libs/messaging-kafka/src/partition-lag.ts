import type { Gauge } from 'prom-client';

/** Topic → partitions, as kafkajs reports a member's assignment after it joined its group. */
export type PartitionAssignment = Record<string, number[]>;

/**
 * One runner's `carebus_consumer_lag` series. A partition's series exists only while the runner
 * holds that partition: a rebalance that moves it to another member removes it here (that member
 * reports it now), and so does stopping, so a dashboard never shows lag nobody is working off.
 * Several runners may share the gauge (one registry per service): each touches only its group's
 * series.
 */
export class PartitionLag {
  private readonly series = new Map<string, { topic: string; partition: string }>();
  private assigned: Set<string> | undefined;

  constructor(
    private readonly gauge: Gauge<'group' | 'topic' | 'partition'>,
    private readonly group: string,
  ) {}

  /** Ignored for a partition outside the current assignment (a batch that outlived its revocation). */
  set(topic: string, partition: number, value: number): void {
    const key = `${topic}\u0000${partition}`;
    if (this.assigned && !this.assigned.has(key)) return;
    const labels = { topic, partition: String(partition) };
    this.series.set(key, labels);
    this.gauge.set({ group: this.group, ...labels }, value);
  }

  /** After a (re)join: drops the series of every partition the runner no longer holds. */
  keepOnly(assignment: PartitionAssignment): void {
    this.assigned = new Set(
      Object.entries(assignment).flatMap(([topic, partitions]) =>
        partitions.map((p) => `${topic}\u0000${p}`),
      ),
    );
    for (const [key, labels] of this.series) {
      if (this.assigned.has(key)) continue;
      this.gauge.remove({ group: this.group, ...labels });
      this.series.delete(key);
    }
  }

  /** On stop: the runner holds nothing any more. */
  clear(): void {
    this.keepOnly({});
  }
}

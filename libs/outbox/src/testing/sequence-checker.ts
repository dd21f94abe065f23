/** Tallies what a consumer saw of per-aggregate sequences: lost, reordered and duplicated events. */
export interface SequenceReport {
  expected: number;
  received: number;
  unique: number;
  duplicates: number;
  lost: number;
  reordered: number;
}

export class SequenceChecker {
  private readonly seen = new Map<string, Set<number>>();
  private readonly highest = new Map<string, number>();
  private received = 0;
  private reordered = 0;

  /** Call in arrival order. A first sighting below an already-seen sequence is a reorder. */
  observe(aggregateId: string, sequence: number): void {
    this.received++;
    const seen = this.seen.get(aggregateId) ?? new Set<number>();
    this.seen.set(aggregateId, seen);
    if (seen.has(sequence)) return;
    seen.add(sequence);
    const highest = this.highest.get(aggregateId) ?? 0;
    if (sequence < highest) this.reordered++;
    else this.highest.set(aggregateId, sequence);
  }

  get uniqueCount(): number {
    let n = 0;
    for (const s of this.seen.values()) n += s.size;
    return n;
  }

  /** `expected` maps each aggregate to its last committed sequence (sequences start at 1). */
  report(expected: Map<string, number>): SequenceReport {
    let total = 0;
    let lost = 0;
    for (const [aggregate, last] of expected) {
      total += last;
      const seen = this.seen.get(aggregate) ?? new Set<number>();
      for (let s = 1; s <= last; s++) if (!seen.has(s)) lost++;
    }
    const unique = this.uniqueCount;
    return {
      expected: total,
      received: this.received,
      unique,
      duplicates: this.received - unique,
      lost,
      reordered: this.reordered,
    };
  }
}

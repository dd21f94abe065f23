/** One caller waiting for its heartbeat to be flushed. */
interface Waiter<R> {
  resolve(value: R): void;
  reject(error: unknown): void;
}

/** The latest heartbeat of a device in the batch and everyone waiting for it. */
export interface Pending<T, R> {
  item: T;
  waiters: Waiter<R>[];
}

/**
 * Coalesces heartbeats in memory: per group (clinic) the latest item per key (device), flushed
 * together after `delayMs`; each caller is answered only after the flush of its batch settled.
 */
export class HeartbeatBatch<T, R> {
  private pending = new Map<string, Map<string, Pending<T, R>>>();
  private timer: NodeJS.Timeout | null = null;
  private readonly flushing = new Set<Promise<void>>();

  constructor(
    private readonly delayMs: number,
    private readonly flushGroup: (group: string, batch: Map<string, Pending<T, R>>) => Promise<void>,
  ) {}

  add(group: string, key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let batch = this.pending.get(group);
      if (!batch) this.pending.set(group, (batch = new Map()));
      const entry = batch.get(key);
      if (entry) {
        entry.item = item;
        entry.waiters.push({ resolve, reject });
      } else batch.set(key, { item, waiters: [{ resolve, reject }] });
      this.timer ??= setTimeout(() => this.flush(), this.delayMs);
    });
  }

  /** Flushes what is pending now and waits for every flush under way. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.all([...this.flushing]);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const groups = this.pending;
    this.pending = new Map();
    for (const [group, batch] of groups) {
      const done: Promise<void> = this.flushGroup(group, batch)
        .catch((error: unknown) => batch.forEach((p) => p.waiters.forEach((w) => w.reject(error))))
        .finally(() => this.flushing.delete(done));
      this.flushing.add(done);
    }
  }
}

/** Resumes a paused topic-partition; kafkajs's batch `pause()` hands one back. */
export type Resume = () => void;

/**
 * Holds back a retry topic-partition until its head message is due. The partition is paused (no
 * fetches, nothing resolved) and a timer resumes it, so waiting costs no polling and never blocks
 * the other partitions or the source topic.
 */
export class RetryGate {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /** Pauses through `pause` and resumes at `notBefore` (epoch ms). Re-holding replaces the timer. */
  hold(topic: string, partition: number, notBefore: number, pause: () => Resume, now = Date.now()): void {
    const key = `${topic}|${partition}`;
    clearTimeout(this.timers.get(key));
    const resume = pause();
    const timer = setTimeout(
      () => {
        this.timers.delete(key);
        resume();
      },
      Math.max(0, notBefore - now),
    );
    this.timers.set(key, timer);
  }

  get held(): number {
    return this.timers.size;
  }

  /** On stop: the paused partitions are simply not resumed; a restart re-reads and re-holds them. */
  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

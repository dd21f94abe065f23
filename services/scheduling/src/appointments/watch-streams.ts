import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@carebus/auth';
import { SERVICE_CONFIG } from '@carebus/platform';
import { watchStreamsExhausted } from '../scheduling.errors';
import type { SchedulingConfig } from '../service';

/**
 * Open WatchAppointments streams per caller (token subject within its clinic), capped at
 * `WATCH_STREAMS_PER_CALLER`: each stream polls the database every second, so one partner must
 * not hold an unbounded number of them. Counted in this process (each replica caps its own).
 */
@Injectable()
export class WatchStreams {
  private readonly open = new Map<string, number>();
  private readonly perCaller: number;

  constructor(@Inject(SERVICE_CONFIG) config: Pick<SchedulingConfig, 'WATCH_STREAMS_PER_CALLER'>) {
    this.perCaller = config.WATCH_STREAMS_PER_CALLER;
  }

  /**
   * Counts one more stream of the caller, or throws `scheduling.watch_streams_exhausted`
   * (RESOURCE_EXHAUSTED) when it already holds the most. The returned release is idempotent.
   */
  acquire(principal: Principal, clinicId: string): () => void {
    const key = `${clinicId}\u0000${principal.subject}`;
    const held = this.open.get(key) ?? 0;
    if (held >= this.perCaller) throw watchStreamsExhausted(this.perCaller);
    this.open.set(key, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left > 0) this.open.set(key, left);
      else this.open.delete(key);
    };
  }

  /** Streams the caller holds open now. */
  heldBy(principal: Principal, clinicId: string): number {
    return this.open.get(`${clinicId}\u0000${principal.subject}`) ?? 0;
  }
}

/** What the portal does wrong on purpose, set over /_admin or the admin API. */
export interface PortalFaults {
  /** Added to every answer of the partner API, in ms. */
  latencyMs?: number;
  /** The next n calls answer 503 (Infinity: until cleared). */
  serverErrors?: number;
  /** The next n calls answer 429 with Retry-After. */
  rateLimited?: number;
  retryAfterSeconds?: number;
  /** The next n calls have their connection reset without an answer. */
  resets?: number;
  /** The next n deliveries are stored, then the connection is reset before the answer (a lost 2xx). */
  lostAnswers?: number;
}

export type TakenFault =
  { kind: 'server_error' } | { kind: 'rate_limited'; retryAfterSeconds: number } | { kind: 'reset' } | null;

/** Counts faults down as calls take them; latency stays until cleared. */
export class FaultControl {
  private faults: Required<PortalFaults> = FaultControl.none();

  private static none(): Required<PortalFaults> {
    return { latencyMs: 0, serverErrors: 0, rateLimited: 0, retryAfterSeconds: 1, resets: 0, lostAnswers: 0 };
  }

  set(faults: PortalFaults): void {
    this.faults = { ...this.faults, ...faults };
  }

  clear(): void {
    this.faults = FaultControl.none();
  }

  get latencyMs(): number {
    return this.faults.latencyMs;
  }

  take(): TakenFault {
    if (this.faults.resets > 0) {
      this.faults.resets--;
      return { kind: 'reset' };
    }
    if (this.faults.serverErrors > 0) {
      this.faults.serverErrors--;
      return { kind: 'server_error' };
    }
    if (this.faults.rateLimited > 0) {
      this.faults.rateLimited--;
      return { kind: 'rate_limited', retryAfterSeconds: this.faults.retryAfterSeconds };
    }
    return null;
  }

  /** True when this stored delivery's answer is to be lost. */
  takeLostAnswer(): boolean {
    if (this.faults.lostAnswers <= 0) return false;
    this.faults.lostAnswers--;
    return true;
  }

  current(): Required<PortalFaults> {
    return { ...this.faults };
  }
}

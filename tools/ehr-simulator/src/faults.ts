/** Faults the admin switches on; each API call consults them before it is answered. */
export interface Faults {
  down?: 'reset' | 'unavailable';
  serverError?: { times?: number };
  rateLimit?: { retryAfterSeconds: number; times?: number };
  latencyMs?: number;
  requireAppointmentType?: boolean;
}

/** What a fault does to one call. */
export type FaultOutcome =
  | { kind: 'reset' }
  | { kind: 'unavailable' }
  | { kind: 'server_error' }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | null;

export class FaultControl {
  private faults: Faults = {};

  get current(): Faults {
    return structuredClone(this.faults);
  }

  set(faults: Faults): void {
    this.faults = structuredClone(faults);
  }

  clear(): void {
    this.faults = {};
  }

  get latencyMs(): number {
    return this.faults.latencyMs ?? 0;
  }

  get requireAppointmentType(): boolean {
    return this.faults.requireAppointmentType === true;
  }

  /** The fault this call meets, counting down `times`. */
  take(): FaultOutcome {
    const { down, serverError, rateLimit } = this.faults;
    if (down === 'reset') return { kind: 'reset' };
    if (down === 'unavailable') return { kind: 'unavailable' };
    if (serverError && this.spend(serverError)) return { kind: 'server_error' };
    if (rateLimit && this.spend(rateLimit))
      return { kind: 'rate_limited', retryAfterSeconds: rateLimit.retryAfterSeconds };
    return null;
  }

  private spend(fault: { times?: number }): boolean {
    if (fault.times === undefined) return true;
    if (fault.times <= 0) return false;
    fault.times -= 1;
    return true;
  }
}

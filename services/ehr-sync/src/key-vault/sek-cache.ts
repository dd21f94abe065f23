interface Entry {
  keyId: string;
  sek: Buffer;
  until: number;
}

/**
 * Unwrapped keys a replica keeps for the engine, per clinic and key id, for a bounded time: the
 * plaintext key stays in memory no longer than `ttlMs` after its unwrap, and a replace forgets it
 * at once here (other replicas see the new key id on their next use and unwrap again).
 */
export class SekCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(clinicId: string, keyId: string): Buffer | undefined {
    const entry = this.entries.get(clinicId);
    if (!entry) return undefined;
    if (entry.keyId !== keyId || entry.until <= this.now()) {
      this.forget(clinicId);
      return undefined;
    }
    return entry.sek;
  }

  put(clinicId: string, keyId: string, sek: Buffer): void {
    this.entries.set(clinicId, { keyId, sek, until: this.now() + this.ttlMs });
  }

  forget(clinicId: string): void {
    const entry = this.entries.get(clinicId);
    entry?.sek.fill(0);
    this.entries.delete(clinicId);
  }

  /** Drops every expired key (called now and then, so idle clinics' keys do not linger). */
  sweep(): void {
    const now = this.now();
    for (const [clinicId, entry] of this.entries) if (entry.until <= now) this.forget(clinicId);
  }
}

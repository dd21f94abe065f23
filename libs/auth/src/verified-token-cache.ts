import type { Principal } from './principal';

interface Entry {
  principal: Principal;
  /** Epoch ms after which the token must be verified again. */
  until: number;
}

/**
 * Principals of recently verified tokens, so a client's repeated calls with one token skip the
 * signature check (~0.1 ms of CPU per request, the largest single cost of a booking after its
 * socket writes). An entry lives until the token's `exp` and at most `maxAgeMs`; a key removed
 * from the issuer's JWKS therefore stops being honoured within that age (jose itself caches the
 * key set for minutes). Bounded: the oldest entry goes when it is full. Failures are never cached.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs: number,
  ) {}

  get(token: string, nowMs: number): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.until <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return copyOf(entry.principal);
  }

  set(token: string, principal: Principal, expiresAtMs: number, nowMs: number): void {
    if (this.maxEntries <= 0 || this.maxAgeMs <= 0) return;
    if (!this.entries.has(token) && this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(token, {
      principal: copyOf(principal),
      until: Math.min(expiresAtMs, nowMs + this.maxAgeMs),
    });
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Each request gets its own principal: one request's changes never reach another's. */
function copyOf(principal: Principal): Principal {
  return { ...principal, roles: [...principal.roles], scopes: [...principal.scopes] };
}

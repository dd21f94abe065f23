import { randomBytes } from 'node:crypto';

export type TokenState = 'valid' | 'unknown' | 'expired' | 'deauthorized';

interface Issued {
  expiresAt: number;
  epoch: number;
}

/**
 * Bearer tokens (FHIR) and session tokens (vendor) alike. De-authorising withdraws every token
 * issued so far: each then answers "deauthorized" until its holder authenticates again.
 */
export class Authorisations {
  private readonly issued = new Map<string, Issued>();
  private epoch = 0;

  constructor(private readonly now: () => number = Date.now) {}

  issue(ttlSeconds: number): { token: string; expiresAt: number } {
    const now = this.now();
    for (const [token, entry] of this.issued) if (entry.expiresAt < now) this.issued.delete(token);
    const token = randomBytes(24).toString('base64url');
    const expiresAt = now + ttlSeconds * 1000;
    this.issued.set(token, { expiresAt, epoch: this.epoch });
    return { token, expiresAt };
  }

  check(token: string | undefined): TokenState {
    const entry = token ? this.issued.get(token) : undefined;
    if (!entry) return 'unknown';
    if (entry.epoch < this.epoch) return 'deauthorized';
    return entry.expiresAt <= this.now() ? 'expired' : 'valid';
  }

  deauthorizeAll(): void {
    this.epoch += 1;
  }
}

/** A write's answer, kept to be given again to a retry with the same key. */
export interface KeptAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const MAX_KEYS = 100_000;

/**
 * Idempotency keys (vendor `Idempotency-Key`, FHIR conditional create): a retried write with a
 * key already answered gets the first answer again and changes nothing. Keys are scoped by the
 * request (method and path), so one key cannot stand for two different writes.
 */
export class IdempotencyKeys {
  private readonly answers = new Map<string, KeptAnswer>();

  find(scope: string, key: string): KeptAnswer | null {
    return this.answers.get(`${scope} ${key}`) ?? null;
  }

  keep(scope: string, key: string, answer: KeptAnswer): void {
    if (this.answers.size >= MAX_KEYS) this.answers.delete(this.answers.keys().next().value!);
    this.answers.set(`${scope} ${key}`, answer);
  }
}

/** One API call as the simulator received it. */
export interface LoggedRequest {
  at: string;
  method: string;
  /** Path without the query string. */
  path: string;
  style: 'fhir' | 'oauth' | 'vendor';
  status: number;
  /** The recorded headers (lower-case names) the call carried. */
  headers: Record<string, string>;
}

const KEEP = 10_000;

/** The last 10,000 API calls, for tests that check what a client sent. */
export class RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(readonly recordHeaders: readonly string[]) {}

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > KEEP) this.entries = this.entries.slice(-KEEP);
  }

  list(): LoggedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}

/** One write the EHR applied (a replayed idempotent request is not one). */
export interface JournalledWrite {
  /** 1, 2, … in the order the EHR applied them. */
  seq: number;
  at: string;
  action: 'create' | 'reschedule' | 'cancel' | 'note';
  /** The appointment written (or, for a note, the note's id). */
  recordId: string;
  /** The client's idempotency key or identifier, when it sent one. */
  key: string | null;
  start?: string;
  end?: string;
}

const MAX_ENTRIES = 200_000;

/**
 * The writes the EHR applied, oldest first: how tests prove a write reached the EHR exactly once
 * and in order. Bounded (the oldest are dropped past 200,000).
 */
export class WriteJournal {
  private entries: JournalledWrite[] = [];
  private seq = 0;

  add(entry: Omit<JournalledWrite, 'seq' | 'at'>): void {
    this.entries.push({ seq: ++this.seq, at: new Date().toISOString(), ...entry });
    if (this.entries.length > MAX_ENTRIES) this.entries = this.entries.slice(-MAX_ENTRIES / 2);
  }

  list(): JournalledWrite[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}

import { raw, sql, type Transaction } from '@carebus/persistence';

const Claimed = { parse: (row: unknown) => (row as { event_id: string }).event_id };

/**
 * Exactly-once effects: a consumer claims `(consumer, event id)` in the same transaction as the
 * effects. A redelivered event finds its claim and is skipped; a rolled-back attempt leaves none.
 */
export class Inbox {
  constructor(private readonly schema: string) {}

  /** True the first time; false when this consumer already applied the event. */
  async claim(tx: Transaction, consumer: string, eventId: string): Promise<boolean> {
    return (await this.claimMany(tx, consumer, [eventId])).size === 1;
  }

  /**
   * Claims many events in one statement; returns the ids claimed now (not before). An id listed
   * twice is claimed once: the caller applies only its first occurrence.
   */
  async claimMany(tx: Transaction, consumer: string, eventIds: string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    // Every chunk a consumer applies runs this: prepared once per connection, not planned per chunk.
    const claimed = await tx.rows(
      sql`INSERT INTO ${raw(this.schema)}.processed_events (consumer, event_id)
          SELECT ${consumer}, id FROM unnest(${eventIds}::text[]) AS ids(id)
          ON CONFLICT DO NOTHING RETURNING event_id`,
      Claimed,
      { prepared: true },
    );
    return new Set(claimed);
  }

  /** Forgets claims older than the retention; redelivery windows are far shorter. */
  async prune(tx: Transaction, olderThanHours: number): Promise<number> {
    return tx.execute(
      sql`DELETE FROM ${raw(this.schema)}.processed_events
          WHERE processed_at < now() - make_interval(hours => ${olderThanHours})`,
    );
  }
}

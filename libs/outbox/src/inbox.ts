import type { EntityManager } from 'typeorm';
import { preparedQuery } from './prepared-query';

/**
 * Exactly-once effects: a consumer claims `(consumer, event id)` in the same transaction as the
 * effects. A redelivered event finds its claim and is skipped; a rolled-back attempt leaves none.
 */
export class Inbox {
  constructor(private readonly schema: string) {}

  /** True the first time; false when this consumer already applied the event. */
  async claim(manager: EntityManager, consumer: string, eventId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO ${this.schema}.processed_events (consumer, event_id) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [consumer, eventId],
    );
    return rows.length === 1;
  }

  /**
   * Claims many events in one statement; returns the ids claimed now (not before). An id listed
   * twice is claimed once: the caller applies only its first occurrence.
   */
  async claimMany(manager: EntityManager, consumer: string, eventIds: string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    // Every chunk a consumer applies runs this: prepared once per connection, not planned per chunk.
    const rows = await preparedQuery<{ event_id: string }>(
      manager,
      `carebus_inbox_claim:${this.schema}`,
      `INSERT INTO ${this.schema}.processed_events (consumer, event_id)
       SELECT $1, id FROM unnest($2::text[]) AS ids(id)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, eventIds],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  /** Forgets claims older than the retention; redelivery windows are far shorter. */
  async prune(manager: EntityManager, olderThanHours: number): Promise<number> {
    const result: [unknown[], number] = await manager.query(
      `DELETE FROM ${this.schema}.processed_events WHERE processed_at < now() - make_interval(hours => $1)`,
      [olderThanHours],
    );
    return result[1];
  }
}

import type { EntityManager } from 'typeorm';

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

  /** Forgets claims older than the retention; redelivery windows are far shorter. */
  async prune(manager: EntityManager, olderThanHours: number): Promise<number> {
    const result: [unknown[], number] = await manager.query(
      `DELETE FROM ${this.schema}.processed_events WHERE processed_at < now() - make_interval(hours => $1)`,
      [olderThanHours],
    );
    return result[1];
  }
}

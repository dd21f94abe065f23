import type { DatabaseSync } from 'node:sqlite';
import type { CommandKind, CommandResult, DeviceCommand } from './device-command';

/** A result waiting for the registry's acknowledgement. */
export interface PendingResult extends CommandResult {
  commandId: string;
  idempotencyId: string;
  kind: CommandKind;
  /** When the component finished (the agent's clock). */
  producedAt: Date;
}

/**
 * Results the agent owes the registry. A result is written in the same SQLite transaction as
 * the execution log entry, reported until the registry accepts it (a report the registry has
 * already recorded is accepted and ignored there), then marked acknowledged.
 */
export class ResultOutbox {
  constructor(private readonly db: DatabaseSync) {}

  add(command: Pick<DeviceCommand, 'commandId' | 'idempotencyId' | 'kind'>, result: CommandResult): void {
    this.db
      .prepare(
        `INSERT INTO result_outbox (command_id, idempotency_id, kind, outcome, result, produced_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (command_id) DO NOTHING`,
      )
      .run(
        command.commandId,
        command.idempotencyId,
        command.kind,
        result.outcome,
        JSON.stringify(result.result),
        new Date().toISOString(),
      );
  }

  pending(limit = 100): PendingResult[] {
    const rows = this.db
      .prepare(
        `SELECT command_id, idempotency_id, kind, outcome, result, produced_at FROM result_outbox
         WHERE acknowledged_at IS NULL ORDER BY produced_at, command_id LIMIT ?`,
      )
      .all(limit) as {
      command_id: string;
      idempotency_id: string;
      kind: CommandKind;
      outcome: CommandResult['outcome'];
      result: string;
      produced_at: string;
    }[];
    return rows.map((row) => ({
      commandId: row.command_id,
      idempotencyId: row.idempotency_id,
      kind: row.kind,
      outcome: row.outcome,
      result: JSON.parse(row.result) as Record<string, unknown>,
      producedAt: new Date(row.produced_at),
    }));
  }

  /**
   * Marks a result as taken by the registry and drops its fields: a patient lookup's answer is
   * patient data and stays on this computer no longer than it must (the execution log keeps
   * only its outcome).
   */
  markAcknowledged(commandId: string): void {
    const row = this.db
      .prepare(
        `UPDATE result_outbox SET acknowledged_at = ?, result = '{}' WHERE command_id = ? RETURNING idempotency_id`,
      )
      .get(new Date().toISOString(), commandId) as { idempotency_id: string } | undefined;
    if (row) {
      this.db
        .prepare(`UPDATE execution_log SET result = '{}' WHERE idempotency_id = ? AND component = 'journal'`)
        .run(row.idempotency_id);
    }
  }

  pendingCount(): number {
    return (
      this.db.prepare('SELECT count(*) AS n FROM result_outbox WHERE acknowledged_at IS NULL').get() as {
        n: number;
      }
    ).n;
  }
}

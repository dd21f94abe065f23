import type { DatabaseSync } from 'node:sqlite';
import type { CommandKind, DeviceCommand } from './device-command';

/**
 * Commands received and not yet executed. A command is written here before it is acknowledged,
 * since the registry sends an acknowledged command no more: a crash between acknowledgement and
 * execution would otherwise lose it. Execution removes it in the transaction that logs the
 * result; the next session takes up whatever is left.
 */
export class CommandInbox {
  constructor(private readonly db: DatabaseSync) {}

  add(command: DeviceCommand): void {
    this.db
      .prepare(
        `INSERT INTO command_inbox (command_id, idempotency_id, kind, payload, deadline, received_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (command_id) DO NOTHING`,
      )
      .run(
        command.commandId,
        command.idempotencyId,
        command.kind,
        JSON.stringify(command.payload),
        command.deadline?.toISOString() ?? null,
        new Date().toISOString(),
      );
  }

  remove(commandId: string): void {
    this.db.prepare('DELETE FROM command_inbox WHERE command_id = ?').run(commandId);
  }

  pending(): DeviceCommand[] {
    const rows = this.db
      .prepare(
        'SELECT command_id, idempotency_id, kind, payload, deadline FROM command_inbox ORDER BY received_at',
      )
      .all() as {
      command_id: string;
      idempotency_id: string;
      kind: CommandKind;
      payload: string;
      deadline: string | null;
    }[];
    return rows.map((row) => ({
      commandId: row.command_id,
      idempotencyId: row.idempotency_id,
      kind: row.kind,
      payload: JSON.parse(row.payload) as Record<string, unknown>,
      ...(row.deadline ? { deadline: new Date(row.deadline) } : {}),
    }));
  }
}

import type { DatabaseSync } from 'node:sqlite';
import type { CommandResult, DeviceCommand } from './device-command';

/** One row of a component's execution log: how often the work ran and how often it was delivered. */
export interface ExecutionRecord {
  idempotencyId: string;
  component: string;
  commandId: string;
  outcome: string;
  executions: number;
  deliveries: number;
}

/**
 * The components' durable execution log, keyed by idempotency id. `executions` counts real runs
 * (an insert that meets an existing row adds one, so a second run would show as 2); `deliveries`
 * counts how often the work reached the agent, redeliveries included.
 */
export class ExecutionLog {
  constructor(private readonly db: DatabaseSync) {}

  /** The logged result of this idempotency id, counting the delivery; undefined when it never ran. */
  findForDelivery(idempotencyId: string): CommandResult | undefined {
    const row = this.db
      .prepare(
        'UPDATE execution_log SET deliveries = deliveries + 1 WHERE idempotency_id = ? RETURNING outcome, result',
      )
      .get(idempotencyId) as { outcome: CommandResult['outcome']; result: string } | undefined;
    return row
      ? { outcome: row.outcome, result: JSON.parse(row.result) as Record<string, unknown> }
      : undefined;
  }

  record(component: string, command: DeviceCommand, result: CommandResult): void {
    this.db
      .prepare(
        `INSERT INTO execution_log (idempotency_id, component, command_id, outcome, result, executions, deliveries, executed_at)
         VALUES (?, ?, ?, ?, ?, 1, 1, ?)
         ON CONFLICT (idempotency_id) DO UPDATE SET executions = executions + 1, deliveries = deliveries + 1`,
      )
      .run(
        command.idempotencyId,
        component,
        command.commandId,
        result.outcome,
        JSON.stringify(result.result),
        new Date().toISOString(),
      );
  }

  all(): ExecutionRecord[] {
    return this.db
      .prepare(
        `SELECT idempotency_id AS idempotencyId, component, command_id AS commandId, outcome, executions, deliveries
         FROM execution_log ORDER BY executed_at, idempotency_id`,
      )
      .all() as unknown as ExecutionRecord[];
  }
}

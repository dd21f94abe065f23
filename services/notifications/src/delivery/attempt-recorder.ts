import { Injectable } from '@nestjs/common';
import { AuditTrail, type AuditEntry } from '@carebus/audit';
import { Outbox } from '@carebus/outbox';
import { together, type Tx } from '@carebus/persistence';
import { DeliveryLogRepository } from './delivery-log.repository';
import { NotificationEvents } from './notification-events';
import type { JobChange, JobEvent } from './job-change';
import type { LogEntry, NotificationJob } from './notification-job';
import { NotificationsRepository } from './notifications.repository';

/** What one step of a job writes. */
export interface JobStep {
  change: JobChange;
  log: LogEntry[];
  events: JobEvent[];
}

/**
 * Writes a step of a job (row change, delivery log lines, outbox events, audit rows) as one
 * statement: one round trip, all or nothing, prepared once per connection for each shape.
 */
@Injectable()
export class AttemptRecorder {
  constructor(
    private readonly jobs: NotificationsRepository,
    private readonly log: DeliveryLogRepository,
    private readonly outbox: Outbox,
    private readonly events: NotificationEvents,
    private readonly audit: AuditTrail,
  ) {}

  async record(
    tx: Tx,
    job: NotificationJob,
    step: JobStep,
    at: Date,
    audit: AuditEntry[] = [],
  ): Promise<void> {
    const parts = [this.jobs.change(tx, job.id, step.change)];
    if (step.log.length > 0) parts.push(this.log.entries(tx, job.id, at, step.log));
    if (step.events.length > 0) {
      const events = step.events.map((event) => this.events.of(job, event, at));
      parts.push(this.outbox.statementFor(events).statement);
    }
    if (audit.length > 0) parts.push(...this.audit.statementsFor(audit));
    const [first, ...rest] = parts;
    await tx.execute(together(first!, ...rest), { prepared: true });
  }

  /** A job suppressed while its message was rendered: nothing went out, so nothing is in doubt. */
  async clearInDoubt(tx: Tx, job: NotificationJob): Promise<void> {
    await tx.execute(this.jobs.change(tx, job.id, { kind: 'clear_in_doubt' }), { prepared: true });
  }
}

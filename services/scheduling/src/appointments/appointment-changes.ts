import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '@carebus/auth';
import { ConflictError, DomainError } from '@carebus/errors';
import { Outbox, type OutboxEvent } from '@carebus/outbox';
import { inTenantTransaction } from '@carebus/platform';
import { AuditTrail } from '../audit/audit-trail';
import type { Appointment, AppointmentStatus } from './appointment';
import { mayRead } from './appointment-access';
import { appointmentNotFound } from './appointment-errors';
import { AppointmentsRepository, type AppointmentChange } from './appointments.repository';

export interface ChangeTarget {
  principal: Principal;
  clinicId: string;
  appointmentId: string;
  /** Audit action, e.g. `appointment.cancel`. */
  action: string;
}

/** What a use case decided: the change and the event it emits, or nothing to do (idempotent repeat). */
export interface Decision {
  change: AppointmentChange;
  event: (after: Appointment, before: Appointment) => OutboxEvent;
}

/**
 * The frame every change of one appointment runs in: lock the row in the tenant transaction, check
 * the caller may see it, let the use case decide, apply, emit the event through the outbox and
 * audit — all in one commit. Refusals are audited on their own.
 */
@Injectable()
export class AppointmentChanges {
  constructor(
    private readonly dataSource: DataSource,
    private readonly appointments: AppointmentsRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async run(
    target: ChangeTarget,
    decide: (current: Appointment, manager: EntityManager) => Promise<Decision | null> | Decision | null,
  ): Promise<Appointment> {
    try {
      return await inTenantTransaction(this.dataSource, target.clinicId, async (manager) => {
        const current = await this.appointments.findById(
          manager,
          target.clinicId,
          target.appointmentId,
          true,
        );
        if (!current || !mayRead(target.principal, current)) throw appointmentNotFound();
        const decision = await decide(current, manager);
        if (decision === null) return current;
        await this.appointments.apply(manager, target.clinicId, current.id, decision.change);
        const after = (await this.appointments.findById(manager, target.clinicId, current.id)) as Appointment;
        await this.outbox.add(manager, decision.event(after, current));
        await this.audit.record(manager, this.entry(target, 'allowed'));
        return after;
      });
    } catch (error) {
      if (error instanceof DomainError) {
        const outcome = error.kind === 'forbidden' || error.kind === 'not_found' ? 'denied' : 'failed';
        await this.audit.recordOutcome(this.entry(target, outcome)).catch(() => undefined);
      }
      throw error;
    }
  }

  private entry(target: ChangeTarget, outcome: 'allowed' | 'denied' | 'failed') {
    return {
      clinicId: target.clinicId,
      principal: target.principal,
      action: target.action,
      resourceType: 'appointment' as const,
      resourceId: target.appointmentId,
      outcome,
    };
  }
}

/** 409 unless the appointment is in one of the statuses the change applies to. */
export function requireStatus(a: Appointment, ...statuses: AppointmentStatus[]): void {
  if (!statuses.includes(a.status)) {
    throw new ConflictError('scheduling.appointment_not_active', `The appointment is ${a.status}.`, {
      status: a.status,
    });
  }
}

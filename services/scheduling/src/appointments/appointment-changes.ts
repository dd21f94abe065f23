import { Injectable } from '@nestjs/common';
import type { Principal } from '@carebus/auth';
import { DomainError } from '@carebus/errors';
import { Outbox, type OutboxEvent } from '@carebus/outbox';
import { TenantScope, type Tx } from '@carebus/persistence';
import { AuditTrail, isDenial, type AuditOutcome } from '@carebus/audit';
import { appointmentNotActive, appointmentNotFound } from '../scheduling.errors';
import type { Appointment, AppointmentStatus } from './appointment';
import { mayRead } from './appointment-access';
import type { AppointmentChange } from './appointment-change';
import { AppointmentsRepository } from './appointments.repository';

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

export type Decide = (current: Appointment, tx: Tx) => Promise<Decision | null> | Decision | null;

/**
 * The frame every change of one appointment runs in: lock the row in the tenant transaction, check
 * the caller may see it, let the use case decide, apply, emit the event through the outbox and
 * audit — all in one commit. Other failures are audited on their own afterwards (a failed audit
 * write fails the request); denials (403/404) are the edge's to audit.
 */
@Injectable()
export class AppointmentChanges {
  constructor(
    private readonly tenant: TenantScope,
    private readonly appointments: AppointmentsRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async run(target: ChangeTarget, decide: Decide): Promise<Appointment> {
    // Known once the row is read: a refusal is recorded for the appointment's patient too.
    let patientId: string | null = null;
    try {
      return await this.tenant.withTenant(target.clinicId, async (tx) => {
        const current = await this.appointments.lock(tx, target.appointmentId);
        patientId = current?.patientId ?? null;
        if (!current || !mayRead(target.principal, current)) throw appointmentNotFound();
        const decision = await decide(current, tx);
        if (decision === null) return current;
        await this.appointments.apply(tx, current.id, decision.change);
        const after = (await this.appointments.find(tx, current.id)) as Appointment;
        await this.outbox.add(tx, decision.event(after, current));
        await this.audit.record(tx, this.entry(target, 'allowed', current.patientId));
        return after;
      });
    } catch (error) {
      if (error instanceof DomainError && !isDenial(error)) {
        await this.audit.recordOutcome(this.entry(target, 'failed', patientId));
      }
      throw error;
    }
  }

  private entry(target: ChangeTarget, outcome: AuditOutcome, patientId: string | null) {
    return {
      clinicId: target.clinicId,
      principal: target.principal,
      action: target.action,
      resourceType: 'appointment' as const,
      resourceId: target.appointmentId,
      patientId,
      outcome,
    };
  }
}

/** 409 unless the appointment is in one of the statuses the change applies to. */
export function requireStatus(a: Appointment, ...statuses: AppointmentStatus[]): void {
  if (!statuses.includes(a.status)) throw appointmentNotActive(a.status);
}

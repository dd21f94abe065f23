import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { ContactSurface } from '@carebus/contracts';
import { Outbox } from '@carebus/outbox';
import type { Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { PatientContactsRepository } from '../contacts/patient-contacts.repository';
import { DeliveryLogRepository } from '../delivery/delivery-log.repository';
import type { NotificationData, NotificationJob } from '../delivery/notification-job';
import { NotificationEvents } from '../delivery/notification-events';
import { NotificationsRepository } from '../delivery/notifications.repository';
import { DELIVERY_CODES } from '../notifications.errors';
import { ClinicSettingsRepository } from '../settings/clinic-settings.repository';
import { EnablementRepository } from '../settings/enablement.repository';
import type { NotificationKind } from '../templates/notification-kind';
import type { AppointmentChange, PlanPatientNotificationsCommand } from './appointment-command';
import { AppointmentStatesRepository } from './appointment-states.repository';
import { appointmentStateOf, appointmentVersionOf, versionDecision } from './appointment-version';
import { patientChannels } from './patient-channels';
import { reminderSchedule } from './reminder-rule';

const MESSAGE_OF: Record<AppointmentChange, NotificationKind | null> = {
  booked: 'booking_confirmation',
  rescheduled: 'appointment_changed',
  type_changed: 'appointment_changed',
  cancelled: 'appointment_cancelled',
  closed: null,
};

/** What differs between the notifications one event plans. */
type Plan = Pick<
  NotificationJob,
  | 'appointmentId'
  | 'recipientId'
  | 'causeEventId'
  | 'language'
  | 'data'
  | 'kind'
  | 'channels'
  | 'dueAt'
  | 'expiresAt'
>;

/**
 * Turns an appointment event into notification jobs, in the consumer's transaction (with the
 * inbox claim, so a redelivered event plans nothing twice): the message for the change, and the
 * reminder planned, re-planned or suppressed. An event whose appointment version is not above the
 * one last applied is stale (a retry or replay overtaken by a newer change): it plans nothing.
 */
@Injectable()
export class PlanPatientNotificationsUseCase {
  constructor(
    private readonly states: AppointmentStatesRepository,
    private readonly jobs: NotificationsRepository,
    private readonly log: DeliveryLogRepository,
    private readonly enablement: EnablementRepository,
    private readonly contacts: PatientContactsRepository,
    private readonly settings: ClinicSettingsRepository,
    private readonly events: NotificationEvents,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(tx: Tx, cmd: PlanPatientNotificationsCommand): Promise<'applied' | 'stale'> {
    if (!(await this.takeVersion(tx, cmd))) return 'stale';
    await this.planFor(tx, cmd);
    return 'applied';
  }

  /**
   * Records the event's version and status for its appointment, unless a newer or equal version
   * was applied before (false: stale). The row stays locked until the commit, so two events of one
   * appointment (say, one from a retry topic) are decided one after the other. An event without
   * a version is applied as it comes and leaves the record as it is.
   */
  private async takeVersion(tx: Tx, cmd: PlanPatientNotificationsCommand): Promise<boolean> {
    const a = cmd.appointment;
    const version = appointmentVersionOf(a);
    if (version === null) return true;
    const held = await this.states.lockVersion(tx, a.appointmentId);
    if (versionDecision(held, version) === 'stale') return false;
    return this.states.record(tx, a.appointmentId, appointmentStateOf(a), version);
  }

  private async planFor(tx: Tx, cmd: PlanPatientNotificationsCommand): Promise<void> {
    const a = cmd.appointment;
    const now = this.clock.now();
    // Every change invalidates the planned reminder; a new one follows for a still-booked appointment.
    if (cmd.change !== 'booked') {
      const cancelled = cmd.change === 'cancelled';
      const reason = cancelled ? DELIVERY_CODES.cancelled : DELIVERY_CODES.replanned;
      const kinds = cancelled
        ? ['appointment_reminder', 'booking_confirmation', 'appointment_changed']
        : ['appointment_reminder'];
      const suppressed = await this.jobs.suppressPending(tx, a.appointmentId, kinds, reason);
      await this.log.appendToEach(tx, suppressed, now, { event: 'suppressed', errorCode: reason });
    }
    if (!a.notificationsEnabled) return;
    const enabled = await this.enablement.resolve(tx, a.calendarId || null, a.appointmentTypeId || null);
    if (enabled.length === 0) return;
    const contact = await this.contacts.find(tx, a.patientId);
    const channels = patientChannels(a, contact, enabled);
    const language = contact?.language ?? (await this.settings.get(tx)).defaultLanguage;
    const start = a.startTime ? new Date(Number(a.startTime.seconds) * 1000) : null;
    const data: NotificationData = {
      ...(start ? { startTime: start.toISOString() } : {}),
      calendarId: a.calendarId,
      practitionerId: a.practitionerId || undefined,
      appointmentTypeId: a.appointmentTypeId,
      appointmentTypeName: a.appointmentTypeName,
      video: a.contactSurface === ContactSurface.VIDEO,
      hidden: a.hidden,
    };
    const base = {
      appointmentId: a.appointmentId,
      recipientId: a.patientId,
      causeEventId: cmd.causeEventId,
      language,
      data,
      channels,
    };
    const kind = MESSAGE_OF[cmd.change];
    if (kind) await this.plan(tx, { ...base, kind, dueAt: now, expiresAt: null }, now);
    const replans = cmd.change === 'booked' || cmd.change === 'rescheduled' || cmd.change === 'type_changed';
    const reminder = start && replans ? reminderSchedule(start, now) : null;
    if (reminder) await this.plan(tx, { ...base, kind: 'appointment_reminder', ...reminder }, now);
  }

  /** A patient without a usable channel gets a suppressed job, so the log says why nothing went out. */
  private async plan(tx: Tx, p: Plan, now: Date): Promise<void> {
    const noChannel = p.channels.length === 0;
    const job: NotificationJob = {
      ...p,
      id: uuidv7(),
      clinicId: tx.clinicId,
      recipientKind: 'patient',
      dedupeKey: `${p.causeEventId}:${p.kind}:${p.recipientId}`,
      channelIndex: 0,
      status: noChannel ? 'suppressed' : 'pending',
      attempts: 0,
      leaseOwner: null,
      inDoubtSince: null,
      providerMessageId: null,
      lastError: noChannel ? DELIVERY_CODES.noChannel : null,
      createdAt: now,
      sentAt: null,
    };
    if (!(await this.jobs.insert(tx, job))) return; // the same event planned it already
    const requested = { event: 'requested', channel: p.channels[0] ?? null } as const;
    if (noChannel) {
      await this.log.append(tx, job.id, now, [
        requested,
        { event: 'suppressed', errorCode: DELIVERY_CODES.noChannel },
      ]);
      return;
    }
    await this.log.append(tx, job.id, now, [requested]);
    await this.outbox.add(tx, this.events.requested(job));
  }
}

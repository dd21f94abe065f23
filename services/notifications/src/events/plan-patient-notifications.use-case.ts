import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import { ContactSurface, type Appointment } from '@carebus/contracts';
import { CHANNELS, type ChannelName, type DeliveryChannel } from '../channels/channel';
import { CLOCK, type Clock } from '../clock';
import type { NotificationData, NotificationJob } from '../delivery/notification-job';
import { NotificationEvents } from '../delivery/notification-events';
import { NotificationsRepository } from '../delivery/notifications.repository';
import { reminderSchedule } from '../delivery/reminder-rule';
import { ClinicSettingsRepository } from '../settings/clinic-settings.repository';
import { EnablementRepository } from '../settings/enablement.repository';
import {
  addressOn,
  PatientContactsRepository,
  type PatientContact,
} from '../settings/patient-contacts.repository';
import type { NotificationKind } from '../templates/notification-kind';

export type AppointmentChange = 'booked' | 'rescheduled' | 'type_changed' | 'cancelled' | 'closed';

export interface PlanPatientNotificationsCommand {
  change: AppointmentChange;
  appointment: Appointment;
  causeEventId: string;
}

const MESSAGE_OF: Record<AppointmentChange, NotificationKind | null> = {
  booked: 'booking_confirmation',
  rescheduled: 'appointment_changed',
  type_changed: 'appointment_changed',
  cancelled: 'appointment_cancelled',
  closed: null,
};

/**
 * Turns an appointment event into notification jobs, in the consumer's transaction (with the
 * inbox claim, so a redelivered event plans nothing twice): the message for the change, and the
 * reminder planned, re-planned or suppressed.
 */
@Injectable()
export class PlanPatientNotificationsUseCase {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly enablement: EnablementRepository,
    private readonly contacts: PatientContactsRepository,
    private readonly settings: ClinicSettingsRepository,
    private readonly events: NotificationEvents,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(m: EntityManager, cmd: PlanPatientNotificationsCommand): Promise<void> {
    const a = cmd.appointment;
    const now = this.clock.now();
    // Every change invalidates the planned reminder; a new one follows for a still-booked appointment.
    const reason = cmd.change === 'cancelled' ? 'notifications.cancelled' : 'notifications.replanned';
    const suppressKinds =
      cmd.change === 'cancelled'
        ? ['appointment_reminder', 'booking_confirmation', 'appointment_changed']
        : ['appointment_reminder'];
    if (cmd.change !== 'booked') {
      const suppressed = await this.notifications.suppressPending(
        m,
        a.clinicId,
        a.appointmentId,
        suppressKinds,
        reason,
      );
      await this.notifications.log(m, a.clinicId, suppressed, now, {
        event: 'suppressed',
        errorCode: reason,
      });
    }
    if (!a.notificationsEnabled) return;
    const enabled = await this.enablement.resolve(
      m,
      a.clinicId,
      a.calendarId || null,
      a.appointmentTypeId || null,
    );
    if (enabled.length === 0) return;
    const contact = await this.contacts.find(m, a.clinicId, a.patientId);
    const channels = this.channelsFor(a, contact, enabled);
    const settings = await this.settings.get(m, a.clinicId);
    const language = contact?.language ?? settings.defaultLanguage;
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
      clinicId: a.clinicId,
      appointmentId: a.appointmentId,
      recipientId: a.patientId,
      causeEventId: cmd.causeEventId,
      language,
      data,
    };
    const kind = MESSAGE_OF[cmd.change];
    if (kind) await this.plan(m, { ...base, kind, channels, dueAt: now, expiresAt: null }, now);
    const reminder =
      start && (cmd.change === 'booked' || cmd.change === 'rescheduled' || cmd.change === 'type_changed')
        ? reminderSchedule(start, now)
        : null;
    if (reminder) await this.plan(m, { ...base, kind: 'appointment_reminder', channels, ...reminder }, now);
  }

  /**
   * Portal first for portal-reachable patients (never for hidden appointments); otherwise the
   * preferred channel, then the other enabled channels the patient has an address on, as fallbacks.
   * Hidden appointments never reach a guardian's contact points.
   */
  private channelsFor(
    a: Appointment,
    contact: PatientContact | null,
    enabled: ChannelName[],
  ): DeliveryChannel[] {
    if (!contact) return [];
    if (a.hidden && contact.guardianContact) return [];
    if (contact.portalReachable && !a.hidden) return ['portal'];
    const usable = CHANNELS.filter((c) => enabled.includes(c) && addressOn(contact, c));
    const preferred = contact.preferredChannel;
    return preferred && usable.includes(preferred)
      ? [preferred, ...usable.filter((c) => c !== preferred)]
      : usable;
  }

  private async plan(
    m: EntityManager,
    p: Pick<
      NotificationJob,
      | 'clinicId'
      | 'appointmentId'
      | 'recipientId'
      | 'causeEventId'
      | 'language'
      | 'data'
      | 'kind'
      | 'channels'
      | 'dueAt'
      | 'expiresAt'
    >,
    now: Date,
  ): Promise<void> {
    const noChannel = p.channels.length === 0;
    const job: NotificationJob = {
      ...p,
      id: uuidv7(),
      recipientKind: 'patient',
      dedupeKey: `${p.causeEventId}:${p.kind}:${p.recipientId}`,
      channelIndex: 0,
      status: noChannel ? 'suppressed' : 'pending',
      attempts: 0,
      leaseOwner: null,
      inDoubtSince: null,
      providerMessageId: null,
      lastError: noChannel ? 'notifications.no_channel' : null,
      createdAt: now,
      sentAt: null,
    };
    if (!(await this.notifications.insert(m, job, now))) return; // the same event planned it already
    await this.notifications.log(m, job.clinicId, [job.id], now, {
      event: 'requested',
      channel: p.channels[0] ?? null,
    });
    if (noChannel) {
      await this.notifications.log(m, job.clinicId, [job.id], now, {
        event: 'suppressed',
        errorCode: 'notifications.no_channel',
      });
      return;
    }
    await this.events.requested(m, job);
  }
}

import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { DescMessage, Message, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import {
  AuditAnchorRecordedSchema,
  PatientAccessRecordedSchema,
} from './gen/carebus/audit/v1/audit_events_pb';
import {
  CommandCompletedSchema,
  CommandCreatedSchema,
  CommandDeliveredSchema,
  CommandExpiredSchema,
  CommandFailedSchema,
} from './gen/carebus/devices/v1/command_events_pb';
import {
  DeviceEnrolledSchema,
  DeviceNamedSchema,
  DeviceOfflineAlertSchema,
  DeviceRemovedSchema,
  DeviceStatusChangedSchema,
} from './gen/carebus/devices/v1/device_events_pb';
import { EhrAppointmentImportedSchema } from './gen/carebus/ehrsync/v1/appointment_events_pb';
import {
  JournalEntryFailedSchema,
  JournalEntryFiledSchema,
} from './gen/carebus/ehrsync/v1/journal_entry_events_pb';
import { DialogueMessagePostedSchema } from './gen/carebus/messaging/v1/dialogue_events_pb';
import { JournalEntryRequestedSchema } from './gen/carebus/messaging/v1/journal_entry_events_pb';
import {
  ConnectionDeauthorizedSchema,
  CredentialsRejectedSchema,
  KeyVaultAccessedSchema,
  SyncRunFinishedSchema,
  WriteBackParkedSchema,
} from './gen/carebus/ehrsync/v1/alert_events_pb';
import {
  NotificationFailedSchema,
  NotificationRequestedSchema,
  NotificationSentSchema,
} from './gen/carebus/notifications/v1/notification_events_pb';
import { PatientReachabilityChangedSchema } from './gen/carebus/messaging/v1/reachability_events_pb';
import { PortalMessageRequestedSchema } from './gen/carebus/notifications/v1/portal_message_events_pb';
import {
  AppointmentArrivedSchema,
  AppointmentBookedSchema,
  AppointmentCancelledSchema,
  AppointmentNoShowSchema,
  AppointmentRescheduledSchema,
  AppointmentTypeChangedSchema,
  AppointmentVideoStartedSchema,
} from './gen/carebus/scheduling/v1/appointment_events_pb';
import {
  AppointmentTypeCreatedSchema,
  AppointmentTypeUpdatedSchema,
} from './gen/carebus/scheduling/v1/appointment_type_events_pb';
import {
  CalendarCreatedSchema,
  CalendarDeletedSchema,
  CalendarUpdatedSchema,
} from './gen/carebus/scheduling/v1/calendar_events_pb';
import { ClinicCreatedSchema, ClinicUpdatedSchema } from './gen/carebus/scheduling/v1/clinic_events_pb';
import { PatientRegisteredSchema, PatientUpdatedSchema } from './gen/carebus/scheduling/v1/patient_events_pb';
import {
  PractitionerCreatedSchema,
  PractitionerUpdatedSchema,
} from './gen/carebus/scheduling/v1/practitioner_events_pb';
import { SequencedEventSchema } from './gen/carebus/testing/v1/test_events_pb';
import { PayloadDecodeError } from './errors';
import { TOPICS } from './topics';

/** One event kind: its CloudEvents type, the topic it travels on and its protobuf payload. */
export interface EventDefinition<Desc extends DescMessage = DescMessage, Type extends string = string> {
  /** CloudEvents type, `carebus.<service>.<aggregate>.<event>.v<major>`. */
  readonly type: Type;
  readonly topic: string;
  /** Aggregate whose id keys the Kafka message, e.g. `appointment`. */
  readonly aggregateType: string;
  /** Generated message schema of the payload. */
  readonly schema: Desc;
}

export function defineEvent<Desc extends DescMessage, const Type extends string>(
  definition: EventDefinition<Desc, Type>,
): EventDefinition<Desc, Type> {
  return Object.freeze({ ...definition });
}

export const EVENTS = {
  // scheduling.appointment.v1
  appointmentBooked: defineEvent({
    type: 'carebus.scheduling.appointment.booked.v1',
    topic: TOPICS.schedulingAppointment,
    aggregateType: 'appointment',
    schema: AppointmentBookedSchema,
  }),
  appointmentRescheduled: defineEvent({
    type: 'carebus.scheduling.appointment.rescheduled.v1',
    topic: TOPICS.schedulingAppointment,
    aggregateType: 'appointment',
    schema: AppointmentRescheduledSchema,
  }),
  appointmentCancelled: defineEvent({
    type: 'carebus.scheduling.appointment.cancelled.v1',
    topic: TOPICS.schedulingAppointment,
    aggregateType: 'appointment',
    schema: AppointmentCancelledSchema,
  }),
  appointmentTypeChanged: defineEvent({
    type: 'carebus.scheduling.appointment.type_changed.v1',
    topic: TOPICS.schedulingAppointment,
    aggregateType: 'appointment',
    schema: AppointmentTypeChangedSchema,
  }),
  appointmentArrived: defineEvent({
    type: 'carebus.scheduling.appointment.arrived.v1',
    topic: TOPICS.schedulingAppointment,
    aggregateType: 'appointment',
    schema: AppointmentArrivedSchema,
  }),
  appointmentVideoStarted: defineEvent({
    type: 'carebus.scheduling.appointment.video_started.v1',
    topic: TOPICS.schedulingAppointment,
    aggregateType: 'appointment',
    schema: AppointmentVideoStartedSchema,
  }),
  appointmentNoShow: defineEvent({
    type: 'carebus.scheduling.appointment.no_show.v1',
    topic: TOPICS.schedulingAppointment,
    aggregateType: 'appointment',
    schema: AppointmentNoShowSchema,
  }),
  // scheduling.clinic.v1 — key `clinic_id`
  clinicCreated: defineEvent({
    type: 'carebus.scheduling.clinic.created.v1',
    topic: TOPICS.schedulingClinic,
    aggregateType: 'clinic',
    schema: ClinicCreatedSchema,
  }),
  clinicUpdated: defineEvent({
    type: 'carebus.scheduling.clinic.updated.v1',
    topic: TOPICS.schedulingClinic,
    aggregateType: 'clinic',
    schema: ClinicUpdatedSchema,
  }),
  // scheduling.calendar.v1 — key `calendar_id`
  calendarCreated: defineEvent({
    type: 'carebus.scheduling.calendar.created.v1',
    topic: TOPICS.schedulingCalendar,
    aggregateType: 'calendar',
    schema: CalendarCreatedSchema,
  }),
  calendarUpdated: defineEvent({
    type: 'carebus.scheduling.calendar.updated.v1',
    topic: TOPICS.schedulingCalendar,
    aggregateType: 'calendar',
    schema: CalendarUpdatedSchema,
  }),
  calendarDeleted: defineEvent({
    type: 'carebus.scheduling.calendar.deleted.v1',
    topic: TOPICS.schedulingCalendar,
    aggregateType: 'calendar',
    schema: CalendarDeletedSchema,
  }),
  // scheduling.practitioner.v1 — key `practitioner_id`
  practitionerCreated: defineEvent({
    type: 'carebus.scheduling.practitioner.created.v1',
    topic: TOPICS.schedulingPractitioner,
    aggregateType: 'practitioner',
    schema: PractitionerCreatedSchema,
  }),
  practitionerUpdated: defineEvent({
    type: 'carebus.scheduling.practitioner.updated.v1',
    topic: TOPICS.schedulingPractitioner,
    aggregateType: 'practitioner',
    schema: PractitionerUpdatedSchema,
  }),
  // scheduling.appointment_type.v1 — key `appointment_type_id`
  appointmentTypeCreated: defineEvent({
    type: 'carebus.scheduling.appointment_type.created.v1',
    topic: TOPICS.schedulingAppointmentType,
    aggregateType: 'appointment_type',
    schema: AppointmentTypeCreatedSchema,
  }),
  appointmentTypeUpdated: defineEvent({
    type: 'carebus.scheduling.appointment_type.updated.v1',
    topic: TOPICS.schedulingAppointmentType,
    aggregateType: 'appointment_type',
    schema: AppointmentTypeUpdatedSchema,
  }),
  // scheduling.patient.v1 — key `patient_id`; name and national id sealed (patient-identity)
  patientRegistered: defineEvent({
    type: 'carebus.scheduling.patient.registered.v1',
    topic: TOPICS.schedulingPatient,
    aggregateType: 'patient',
    schema: PatientRegisteredSchema,
  }),
  patientUpdated: defineEvent({
    type: 'carebus.scheduling.patient.updated.v1',
    topic: TOPICS.schedulingPatient,
    aggregateType: 'patient',
    schema: PatientUpdatedSchema,
  }),
  // ehrsync.appointment.v1 — key `<connection_id>:<external_id>`
  ehrAppointmentImported: defineEvent({
    type: 'carebus.ehrsync.appointment.imported.v1',
    topic: TOPICS.ehrSyncAppointment,
    aggregateType: 'ehr_appointment',
    schema: EhrAppointmentImportedSchema,
  }),
  // ehrsync.alert.v1
  keyVaultAccessed: defineEvent({
    type: 'carebus.ehrsync.key_vault.accessed.v1',
    topic: TOPICS.ehrSyncAlert,
    aggregateType: 'site',
    schema: KeyVaultAccessedSchema,
  }),
  syncRunFinished: defineEvent({
    type: 'carebus.ehrsync.sync_run.finished.v1',
    topic: TOPICS.ehrSyncAlert,
    aggregateType: 'ehr_connection',
    schema: SyncRunFinishedSchema,
  }),
  connectionDeauthorized: defineEvent({
    type: 'carebus.ehrsync.connection.deauthorized.v1',
    topic: TOPICS.ehrSyncAlert,
    aggregateType: 'ehr_connection',
    schema: ConnectionDeauthorizedSchema,
  }),
  credentialsRejected: defineEvent({
    type: 'carebus.ehrsync.connection.credentials_rejected.v1',
    topic: TOPICS.ehrSyncAlert,
    aggregateType: 'ehr_connection',
    schema: CredentialsRejectedSchema,
  }),
  writeBackParked: defineEvent({
    type: 'carebus.ehrsync.write_back.parked.v1',
    topic: TOPICS.ehrSyncAlert,
    aggregateType: 'ehr_connection',
    schema: WriteBackParkedSchema,
  }),
  // ehrsync.journal_entry.v1 — key `journal_entry_id`
  journalEntryFiled: defineEvent({
    type: 'carebus.ehrsync.journal_entry.filed.v1',
    topic: TOPICS.ehrSyncJournalEntry,
    aggregateType: 'journal_entry',
    schema: JournalEntryFiledSchema,
  }),
  journalEntryFailed: defineEvent({
    type: 'carebus.ehrsync.journal_entry.failed.v1',
    topic: TOPICS.ehrSyncJournalEntry,
    aggregateType: 'journal_entry',
    schema: JournalEntryFailedSchema,
  }),
  // messaging.journal_entry.v1 — key `journal_entry_id`; the note sealed (journal-note)
  journalEntryRequested: defineEvent({
    type: 'carebus.messaging.journal_entry.requested.v1',
    topic: TOPICS.messagingJournalEntry,
    aggregateType: 'journal_entry',
    schema: JournalEntryRequestedSchema,
  }),
  // notifications.notification.v1
  notificationRequested: defineEvent({
    type: 'carebus.notifications.notification.requested.v1',
    topic: TOPICS.notificationsNotification,
    aggregateType: 'notification',
    schema: NotificationRequestedSchema,
  }),
  notificationSent: defineEvent({
    type: 'carebus.notifications.notification.sent.v1',
    topic: TOPICS.notificationsNotification,
    aggregateType: 'notification',
    schema: NotificationSentSchema,
  }),
  notificationFailed: defineEvent({
    type: 'carebus.notifications.notification.failed.v1',
    topic: TOPICS.notificationsNotification,
    aggregateType: 'notification',
    schema: NotificationFailedSchema,
  }),
  // notifications.portal_message.v1
  portalMessageRequested: defineEvent({
    type: 'carebus.notifications.portal_message.requested.v1',
    topic: TOPICS.notificationsPortalMessage,
    aggregateType: 'portal_message',
    schema: PortalMessageRequestedSchema,
  }),
  // messaging.patient_reachability.v1
  patientReachabilityChanged: defineEvent({
    type: 'carebus.messaging.patient_reachability.changed.v1',
    topic: TOPICS.messagingPatientReachability,
    aggregateType: 'patient',
    schema: PatientReachabilityChangedSchema,
  }),
  // messaging.dialogue.v1 — key `thread_id`
  dialogueMessagePosted: defineEvent({
    type: 'carebus.messaging.dialogue.message_posted.v1',
    topic: TOPICS.messagingDialogue,
    aggregateType: 'thread',
    schema: DialogueMessagePostedSchema,
  }),
  // devices.device.v1 — key `device_id`
  deviceEnrolled: defineEvent({
    type: 'carebus.devices.device.enrolled.v1',
    topic: TOPICS.devicesDevice,
    aggregateType: 'device',
    schema: DeviceEnrolledSchema,
  }),
  deviceNamed: defineEvent({
    type: 'carebus.devices.device.named.v1',
    topic: TOPICS.devicesDevice,
    aggregateType: 'device',
    schema: DeviceNamedSchema,
  }),
  deviceRemoved: defineEvent({
    type: 'carebus.devices.device.removed.v1',
    topic: TOPICS.devicesDevice,
    aggregateType: 'device',
    schema: DeviceRemovedSchema,
  }),
  deviceStatusChanged: defineEvent({
    type: 'carebus.devices.device.status_changed.v1',
    topic: TOPICS.devicesDevice,
    aggregateType: 'device',
    schema: DeviceStatusChangedSchema,
  }),
  deviceOfflineAlert: defineEvent({
    type: 'carebus.devices.device.offline_alert.v1',
    topic: TOPICS.devicesDevice,
    aggregateType: 'device',
    schema: DeviceOfflineAlertSchema,
  }),
  // devices.command.v1 — key `command_id`
  commandCreated: defineEvent({
    type: 'carebus.devices.command.created.v1',
    topic: TOPICS.devicesCommand,
    aggregateType: 'device_command',
    schema: CommandCreatedSchema,
  }),
  commandDelivered: defineEvent({
    type: 'carebus.devices.command.delivered.v1',
    topic: TOPICS.devicesCommand,
    aggregateType: 'device_command',
    schema: CommandDeliveredSchema,
  }),
  commandCompleted: defineEvent({
    type: 'carebus.devices.command.completed.v1',
    topic: TOPICS.devicesCommand,
    aggregateType: 'device_command',
    schema: CommandCompletedSchema,
  }),
  commandFailed: defineEvent({
    type: 'carebus.devices.command.failed.v1',
    topic: TOPICS.devicesCommand,
    aggregateType: 'device_command',
    schema: CommandFailedSchema,
  }),
  commandExpired: defineEvent({
    type: 'carebus.devices.command.expired.v1',
    topic: TOPICS.devicesCommand,
    aggregateType: 'device_command',
    schema: CommandExpiredSchema,
  }),
  // audit.patient_access.v1 and audit.anchor.v1: every service's audit trail
  patientAccessRecorded: defineEvent({
    type: 'carebus.audit.patient_access.recorded.v1',
    topic: TOPICS.auditPatientAccess,
    aggregateType: 'patient',
    schema: PatientAccessRecordedSchema,
  }),
  auditAnchorRecorded: defineEvent({
    type: 'carebus.audit.anchor.recorded.v1',
    topic: TOPICS.auditAnchor,
    aggregateType: 'audit_chain',
    schema: AuditAnchorRecordedSchema,
  }),
  // Backbone tests and benchmarks only; tests publish to their own topic.
  testSequenced: defineEvent({
    type: 'carebus.testing.sequenced.v1',
    topic: TOPICS.testingSequence,
    aggregateType: 'sequence',
    schema: SequencedEventSchema,
  }),
} as const;

export type EventName = keyof typeof EVENTS;
/** Union of every catalogued CloudEvents type. */
export type EventType = (typeof EVENTS)[EventName]['type'];

const BY_TYPE: ReadonlyMap<string, EventDefinition> = new Map(
  Object.values(EVENTS).map((definition): [string, EventDefinition] => [definition.type, definition]),
);

/** Every catalogued CloudEvents type. */
export const EVENT_TYPES: readonly EventType[] = Object.freeze(Object.values(EVENTS).map((d) => d.type));

export function eventDefinition(type: string): EventDefinition | undefined {
  return BY_TYPE.get(type);
}

/** Builds the payload from a plain init object (defaults filled in) and serialises it. */
export function encodeEventPayload<Desc extends DescMessage>(
  definition: EventDefinition<Desc>,
  init: MessageInitShape<Desc>,
): Uint8Array {
  return toBinary(definition.schema, create(definition.schema, init));
}

/**
 * Reads a payload as the message of its event type. Unknown fields are kept, not rejected: a
 * producer on a newer v1 schema may add fields (additive changes only within a major version).
 * Throws `PayloadDecodeError` (invalid: dead-lettered) for an unknown type or bytes that are not the message.
 */
export function decodeEventPayload<Desc extends DescMessage>(
  definition: EventDefinition<Desc>,
  bytes: Uint8Array,
): MessageShape<Desc>;
export function decodeEventPayload(type: string, bytes: Uint8Array): Message;
export function decodeEventPayload(typeOrDefinition: string | EventDefinition, bytes: Uint8Array): Message {
  const definition =
    typeof typeOrDefinition === 'string' ? eventDefinition(typeOrDefinition) : typeOrDefinition;
  const type = typeof typeOrDefinition === 'string' ? typeOrDefinition : typeOrDefinition.type;
  if (!definition) {
    throw new PayloadDecodeError('payload.unknown_type', type, `Unknown event type "${type}"`);
  }
  try {
    return fromBinary(definition.schema, bytes);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PayloadDecodeError(
      'payload.invalid',
      type,
      `Payload is not a valid ${definition.schema.typeName} (${type}): ${reason}`,
      { cause },
    );
  }
}

/** Payload fields holding the whole entity (with its `clinic_id`) in snapshot-style events. */
const SNAPSHOT_FIELDS = ['appointment', 'calendar', 'practitioner', 'appointmentType', 'patient'] as const;

/**
 * The clinic a payload names: its own `clinic_id`, or its aggregate message's (an appointment
 * event carries the appointment, a calendar event the calendar). Undefined for payloads that name none (test events). Consumers
 * hold it against the envelope's `clinicid` header, the tenant the handler acts for.
 */
export function payloadClinicId(payload: Message): string | undefined {
  const own = (payload as { clinicId?: unknown }).clinicId;
  if (typeof own === 'string') return own;
  for (const field of SNAPSHOT_FIELDS) {
    const inner = (payload as Record<string, { clinicId?: unknown } | undefined>)[field]?.clinicId;
    if (typeof inner === 'string') return inner;
  }
  return undefined;
}

import { randomUUID } from 'node:crypto';
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  encodeEnvelopeHeaders,
  encodeEventPayload,
  EVENTS,
  type AppointmentSchema,
  type EventDefinition,
} from '@carebus/contracts';

/** A Kafka record of one appointment event as scheduling's outbox relay would publish it. */
export interface AppointmentEventRecord {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/**
 * Key (the appointment id), protobuf payload and CloudEvents headers of an appointment event,
 * for tests and benchmarks that stand in for scheduling. `definition` defaults to `booked`.
 */
export function appointmentEventRecord(
  appointment: MessageInitShape<typeof AppointmentSchema> & { appointmentId: string; clinicId: string },
  {
    definition = EVENTS.appointmentBooked,
    eventId = randomUUID(),
  }: { definition?: EventDefinition; eventId?: string } = {},
): AppointmentEventRecord {
  return {
    key: appointment.appointmentId,
    value: Buffer.from(encodeEventPayload(definition, { appointment } as never)),
    headers: encodeEnvelopeHeaders({
      id: eventId,
      type: definition.type,
      source: '/carebus/scheduling',
      time: new Date(),
      clinicId: appointment.clinicId,
      dataContentType: 'application/protobuf',
    }),
  };
}

import { Injectable, Logger } from '@nestjs/common';
import { EVENTS, type Appointment } from '@carebus/contracts';
import { EventHandler, isEventOf, type ConsumedEvent } from '@carebus/messaging-kafka';
import type { Tx } from '@carebus/persistence';
import type { EhrSyncConfig } from '../service';
import {
  EnqueueAppointmentChangeUseCase,
  type AppointmentChange,
} from './enqueue-appointment-change.use-case';

/** The platform's bookings, reschedules and cancellations, to be written back to the clinic's EHR. */
@Injectable()
export class AppointmentChangesHandler {
  private readonly logger = new Logger('WriteBack');

  constructor(private readonly enqueue: EnqueueAppointmentChangeUseCase) {}

  // The runner hands over `tx` acting for the event's clinic, with the event claimed in the inbox.
  @EventHandler((config: EhrSyncConfig) => config.EHR_SYNC_SCHEDULING_APPOINTMENT_TOPIC, {
    group: (config: EhrSyncConfig) => config.EHR_SYNC_WRITE_BACK_GROUP,
    eventTypes: [
      EVENTS.appointmentBooked.type,
      EVENTS.appointmentRescheduled.type,
      EVENTS.appointmentCancelled.type,
    ],
  })
  async handle(event: ConsumedEvent, tx: Tx): Promise<void> {
    const change = changeOf(event);
    if (!change) return;
    const outcome = await this.enqueue.execute(tx, change);
    this.logger.log(
      { eventId: event.envelope.id, clinicId: tx.clinicId, kind: change.kind, outcome },
      'appointment change for the EHR',
    );
  }
}

function changeOf(event: ConsumedEvent): AppointmentChange | null {
  const eventId = event.envelope.id;
  const of = (kind: AppointmentChange['kind'], appointment: Appointment | undefined) =>
    appointment ? { kind, appointment, eventId } : null;
  if (isEventOf(event, EVENTS.appointmentBooked)) return of('create', event.payload.appointment);
  if (isEventOf(event, EVENTS.appointmentRescheduled)) return of('reschedule', event.payload.appointment);
  if (isEventOf(event, EVENTS.appointmentCancelled)) return of('cancel', event.payload.appointment);
  return null;
}

import { UnprocessableError } from '@carebus/errors';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EVENTS, type Appointment } from '@carebus/contracts';
import { isEventOf, type ConsumedEvent } from '@carebus/messaging-kafka';
import {
  PlanPatientNotificationsUseCase,
  type AppointmentChange,
} from './plan-patient-notifications.use-case';

/** scheduling.appointment.v1 → patient notifications; decodes, builds the command, calls the use case. */
@Injectable()
export class AppointmentEventsHandler {
  private readonly logger = new Logger('AppointmentEvents');

  constructor(private readonly plan: PlanPatientNotificationsUseCase) {}

  async handle(event: ConsumedEvent, manager: EntityManager): Promise<void> {
    const decoded = this.changeOf(event);
    if (!decoded) return;
    const [change, appointment] = decoded;
    if (!appointment || appointment.clinicId !== event.envelope.clinicId) {
      throw new UnprocessableError('notifications.invalid_event', 'appointment missing or clinic_id differs from the clinicid header');
    }
    await manager.query(`SELECT set_config('carebus.clinic_id', $1, true)`, [appointment.clinicId]);
    await this.plan.execute(manager, { change, appointment, causeEventId: event.envelope.id });
    this.logger.debug(
      { eventId: event.envelope.id, clinicId: appointment.clinicId, change },
      'appointment event planned',
    );
  }

  private changeOf(event: ConsumedEvent): [AppointmentChange, Appointment | undefined] | null {
    if (isEventOf(event, EVENTS.appointmentBooked)) return ['booked', event.payload.appointment];
    if (isEventOf(event, EVENTS.appointmentRescheduled)) return ['rescheduled', event.payload.appointment];
    if (isEventOf(event, EVENTS.appointmentTypeChanged)) return ['type_changed', event.payload.appointment];
    if (isEventOf(event, EVENTS.appointmentCancelled)) return ['cancelled', event.payload.appointment];
    if (isEventOf(event, EVENTS.appointmentArrived) || isEventOf(event, EVENTS.appointmentNoShow)) {
      return ['closed', event.payload.appointment];
    }
    return null;
  }
}

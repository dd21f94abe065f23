import { UnprocessableError } from '@carebus/errors';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EVENTS } from '@carebus/contracts';
import { EventHandler, isEventOf, type ConsumedEvent } from '@carebus/messaging-kafka';
import type { SchedulingConfig } from '../service';
import { ReconcileEhrAppointmentUseCase } from './reconcile-ehr-appointment.use-case';

@Injectable()
export class EhrAppointmentImportedHandler {
  private readonly logger = new Logger('EhrImport');

  constructor(private readonly reconcile: ReconcileEhrAppointmentUseCase) {}

  // Topic and group from config (defaults ehrsync.appointment.v1 and scheduling), so tests use their own.
  @EventHandler((config: SchedulingConfig) => config.SCHEDULING_EHR_APPOINTMENT_TOPIC, {
    group: (config: SchedulingConfig) => config.SCHEDULING_CONSUMER_GROUP,
    eventTypes: [EVENTS.ehrAppointmentImported.type],
  })
  async handle(event: ConsumedEvent, manager: EntityManager): Promise<void> {
    if (!isEventOf(event, EVENTS.ehrAppointmentImported)) return;
    if (event.payload.clinicId !== event.envelope.clinicId) {
      throw new UnprocessableError('scheduling.invalid_import', 'payload clinic_id differs from the clinicid header');
    }
    // Row-level security scopes this event's statements to its clinic (events of several clinics share a batch).
    await manager.query(`SELECT set_config('carebus.clinic_id', $1, true)`, [event.payload.clinicId]);
    const outcome = await this.reconcile.execute(manager, event.payload, event.envelope.id);
    this.logger.log(
      { eventId: event.envelope.id, clinicId: event.payload.clinicId, outcome },
      'EHR appointment reconciled',
    );
  }
}

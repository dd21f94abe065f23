import { Injectable, Logger } from '@nestjs/common';
import { EVENTS } from '@carebus/contracts';
import { EventHandler, isEventOf, type ConsumedEvent } from '@carebus/messaging-kafka';
import type { Tx } from '@carebus/persistence';
import type { SchedulingConfig } from '../service';
import { importedAppointmentOf } from './imported-appointment';
import { ReconcileEhrAppointmentUseCase } from './reconcile-ehr-appointment.use-case';

@Injectable()
export class EhrAppointmentImportedHandler {
  private readonly logger = new Logger('EhrImport');

  constructor(private readonly reconcile: ReconcileEhrAppointmentUseCase) {}

  // Topic and group from config (defaults ehrsync.appointment.v1 and scheduling), so tests use their own.
  // The runner hands over `tx` acting for the event's clinic; a payload naming another never gets here.
  @EventHandler((config: SchedulingConfig) => config.SCHEDULING_EHR_APPOINTMENT_TOPIC, {
    group: (config: SchedulingConfig) => config.SCHEDULING_CONSUMER_GROUP,
    eventTypes: [EVENTS.ehrAppointmentImported.type],
  })
  async handle(event: ConsumedEvent, tx: Tx): Promise<void> {
    if (!isEventOf(event, EVENTS.ehrAppointmentImported)) return;
    const imported = importedAppointmentOf(event.payload, event.envelope.id);
    const outcome = await this.reconcile.execute(tx, imported);
    this.logger.log(
      { eventId: event.envelope.id, clinicId: imported.clinicId, outcome },
      'EHR appointment reconciled',
    );
  }
}

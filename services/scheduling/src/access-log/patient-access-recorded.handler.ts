import { Injectable } from '@nestjs/common';
import { EVENTS } from '@carebus/contracts';
import { EventHandler, isEventOf, type ConsumedEvent } from '@carebus/messaging-kafka';
import type { Tx } from '@carebus/persistence';
import type { SchedulingConfig } from '../service';
import { AccessLogRepository } from './access-log.repository';
import { patientAccessOf } from './patient-access';

/**
 * Keeps every service's audited accesses to a patient as that patient's access history. Storing
 * one is the whole use case, so the handler hands it to the repository itself.
 */
@Injectable()
export class PatientAccessRecordedHandler {
  constructor(private readonly log: AccessLogRepository) {}

  // Topic and group from config (defaults audit.patient_access.v1 and scheduling), so tests use their own.
  // The runner hands over `tx` acting for the event's clinic; a payload naming another never gets here.
  @EventHandler((config: SchedulingConfig) => config.AUDIT_PATIENT_ACCESS_TOPIC, {
    // A group of its own: one group reads one topic (the EHR import has the service's group).
    group: (config: SchedulingConfig) => `${config.SCHEDULING_CONSUMER_GROUP}-access-log`,
    eventTypes: [EVENTS.patientAccessRecorded.type],
  })
  async handle(event: ConsumedEvent, tx: Tx): Promise<void> {
    if (!isEventOf(event, EVENTS.patientAccessRecorded)) return;
    await this.log.insert(tx, patientAccessOf(event.payload, event.envelope.id));
  }
}

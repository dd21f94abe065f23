import { Injectable, Logger } from '@nestjs/common';
import { EventHandler, STALE_EVENT, type ConsumedEvent, type HandlerResult } from '@carebus/messaging-kafka';
import type { Tx } from '@carebus/persistence';
import type { EhrSyncConfig } from '../service';
import { ReferenceDataRepository } from './reference-data.repository';
import { clinicTimeZoneOf, referenceEntityOf } from './reference-events';

/**
 * Scheduling's reference topics → ehr-sync's local copy, through the inbox (the runner applies
 * each event once, in the event's clinic). A version not above the one held is acknowledged
 * without being applied (stale). Each topic has a group of its own: kafkajs members of one group
 * must all read the same topics.
 */
@Injectable()
export class ReferenceEventsHandler {
  private readonly logger = new Logger('ReferenceData');

  constructor(private readonly copy: ReferenceDataRepository) {}

  @EventHandler((c: EhrSyncConfig) => c.EHR_SYNC_CALENDAR_TOPIC, {
    group: (c: EhrSyncConfig) => `${c.EHR_SYNC_CONSUMER_GROUP}-calendars`,
  })
  @EventHandler((c: EhrSyncConfig) => c.EHR_SYNC_PRACTITIONER_TOPIC, {
    group: (c: EhrSyncConfig) => `${c.EHR_SYNC_CONSUMER_GROUP}-practitioners`,
  })
  @EventHandler((c: EhrSyncConfig) => c.EHR_SYNC_APPOINTMENT_TYPE_TOPIC, {
    group: (c: EhrSyncConfig) => `${c.EHR_SYNC_CONSUMER_GROUP}-appointment-types`,
  })
  async entity(event: ConsumedEvent, tx: Tx): Promise<HandlerResult> {
    const entity = referenceEntityOf(event, tx.clinicId);
    if (!entity) return;
    const applied = await this.copy.apply(tx, entity);
    this.logger.log(
      {
        eventId: event.envelope.id,
        clinicId: tx.clinicId,
        kind: entity.kind,
        version: entity.version,
        applied,
      },
      applied ? 'reference copy updated' : 'older reference version ignored',
    );
    return applied ? undefined : STALE_EVENT;
  }

  @EventHandler((c: EhrSyncConfig) => c.EHR_SYNC_CLINIC_TOPIC, {
    group: (c: EhrSyncConfig) => `${c.EHR_SYNC_CONSUMER_GROUP}-clinics`,
  })
  async clinic(event: ConsumedEvent, tx: Tx): Promise<HandlerResult> {
    const zone = clinicTimeZoneOf(event);
    if (!zone) return;
    const applied = await this.copy.applyTimeZone(tx, zone.timeZone, zone.version, zone.at);
    return applied ? undefined : STALE_EVENT;
  }
}

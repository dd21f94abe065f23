import { Injectable, Logger } from '@nestjs/common';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { EVENTS, ReachabilityReason } from '@carebus/contracts';
import { EventHandler, isEventOf, type ConsumedEvent } from '@carebus/messaging-kafka';
import type { Tx } from '@carebus/persistence';
import type { NotificationsConfig } from '../service';
import { PatientReachabilityRepository } from './patient-reachability.repository';

/**
 * messaging.patient_reachability.v1 → the patient's portal-or-other-channel decision: a patient is
 * notified through the national portal exactly when messaging says they are reachable there. Older
 * versions than the one held are ignored (events of one patient may be redelivered or replayed).
 */
@Injectable()
export class ReachabilityEventsHandler {
  private readonly logger = new Logger('Reachability');

  constructor(private readonly reachability: PatientReachabilityRepository) {}

  // A group of its own (`<group>-reachability`): kafkajs members of one group must all read the same topics.
  @EventHandler((config: NotificationsConfig) => config.NOTIFICATIONS_REACHABILITY_TOPIC, {
    group: (config: NotificationsConfig) => `${config.NOTIFICATIONS_CONSUMER_GROUP}-reachability`,
  })
  async handle(event: ConsumedEvent, tx: Tx): Promise<void> {
    if (!isEventOf(event, EVENTS.patientReachabilityChanged)) return;
    const p = event.payload;
    const applied = await this.reachability.applyNewer(tx, {
      patientId: p.patientId,
      // An unset reason is never reachable, whatever the flag says.
      reachable: p.reachable && p.reason === ReachabilityReason.REACHABLE,
      reason: (ReachabilityReason[p.reason] ?? 'UNSPECIFIED').toLowerCase(),
      version: Number(p.version),
      changedAt: p.changedAt ? timestampDate(p.changedAt) : new Date(),
    });
    this.logger.log(
      { eventId: event.envelope.id, clinicId: tx.clinicId, version: Number(p.version), applied },
      'patient reachability',
    );
  }
}

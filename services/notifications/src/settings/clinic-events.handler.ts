import { Injectable, Logger } from '@nestjs/common';
import { EventHandler, STALE_EVENT, type ConsumedEvent, type HandlerResult } from '@carebus/messaging-kafka';
import type { Tx } from '@carebus/persistence';
import type { NotificationsConfig } from '../service';
import { clinicCopyOf } from './clinic-command';
import { ClinicSettingsRepository } from './clinic-settings.repository';

/**
 * scheduling.clinic.v1 → the clinic's name, time zone and clinical administrator e-mail in its
 * notification settings (staff alerts go to that address); an older version than held is
 * acknowledged without being applied, and counted as stale.
 */
@Injectable()
export class ClinicEventsHandler {
  private readonly logger = new Logger('ClinicEvents');

  constructor(private readonly settings: ClinicSettingsRepository) {}

  // A group of its own (`<group>-clinics`): kafkajs members of one group must all read the same topics.
  @EventHandler((config: NotificationsConfig) => config.NOTIFICATIONS_CLINIC_TOPIC, {
    group: (config: NotificationsConfig) => `${config.NOTIFICATIONS_CONSUMER_GROUP}-clinics`,
  })
  async handle(event: ConsumedEvent, tx: Tx): Promise<HandlerResult> {
    const clinic = clinicCopyOf(event);
    if (!clinic) return;
    const applied = await this.settings.applyClinic(tx, clinic);
    this.logger.log(
      { eventId: event.envelope.id, clinicId: tx.clinicId, version: clinic.version, applied },
      applied ? 'clinic copy updated' : 'older clinic version ignored',
    );
    return applied ? undefined : STALE_EVENT;
  }
}

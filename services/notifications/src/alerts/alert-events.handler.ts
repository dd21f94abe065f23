import { Injectable, Logger } from '@nestjs/common';
import { EventHandler, type ConsumedEvent } from '@carebus/messaging-kafka';
import type { Tx } from '@carebus/persistence';
import type { NotificationsConfig } from '../service';
import { alertCommandOf } from './alert-command';
import { PlanStaffAlertUseCase } from './plan-staff-alert.use-case';

/** ehrsync.alert.v1 → e-mail alerts to the clinical administrator (or the site creator). */
@Injectable()
export class AlertEventsHandler {
  private readonly logger = new Logger('AlertEvents');

  constructor(private readonly plan: PlanStaffAlertUseCase) {}

  // A group of its own (`<group>-alerts`): kafkajs members of one group must all read the same topics.
  @EventHandler((config: NotificationsConfig) => config.NOTIFICATIONS_ALERT_TOPIC, {
    group: (config: NotificationsConfig) => `${config.NOTIFICATIONS_CONSUMER_GROUP}-alerts`,
  })
  async handle(event: ConsumedEvent, tx: Tx): Promise<void> {
    const command = alertCommandOf(event);
    if (!command) return;
    await this.plan.execute(tx, command);
    this.logger.log(
      { eventId: event.envelope.id, clinicId: tx.clinicId, kind: command.kind },
      'staff alert planned',
    );
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { EventHandler, type ConsumedEvent } from '@carebus/messaging-kafka';
import type { Tx } from '@carebus/persistence';
import type { NotificationsConfig } from '../service';
import { deviceAlertCommandOf } from './device-alert-command';
import { PlanStaffAlertUseCase } from './plan-staff-alert.use-case';

/** devices.device.v1 `DeviceOfflineAlert` → an e-mail alert to the clinical administrator. */
@Injectable()
export class DeviceEventsHandler {
  private readonly logger = new Logger('DeviceEvents');

  constructor(private readonly plan: PlanStaffAlertUseCase) {}

  // A group of its own (`<group>-devices`): kafkajs members of one group must all read the same topics.
  @EventHandler((config: NotificationsConfig) => config.NOTIFICATIONS_DEVICE_TOPIC, {
    group: (config: NotificationsConfig) => `${config.NOTIFICATIONS_CONSUMER_GROUP}-devices`,
  })
  async handle(event: ConsumedEvent, tx: Tx): Promise<void> {
    const command = deviceAlertCommandOf(event);
    if (!command) return;
    await this.plan.execute(tx, command);
    this.logger.log(
      { eventId: event.envelope.id, clinicId: tx.clinicId, kind: command.kind },
      'staff alert planned',
    );
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { EventHandler, STALE_EVENT, type ConsumedEvent, type HandlerResult } from '@carebus/messaging-kafka';
import type { Tx } from '@carebus/persistence';
import type { NotificationsConfig } from '../service';
import { appointmentCommandOf } from './appointment-command';
import { PlanPatientNotificationsUseCase } from './plan-patient-notifications.use-case';

/**
 * scheduling.appointment.v1 → patient notifications; decodes, builds the command, calls the use
 * case. A stale event (older than the appointment version held) is acknowledged and counted.
 */
@Injectable()
export class AppointmentEventsHandler {
  private readonly logger = new Logger('AppointmentEvents');

  constructor(private readonly plan: PlanPatientNotificationsUseCase) {}

  // Topic and group from config (defaults scheduling.appointment.v1 and notifications), so tests use their own.
  @EventHandler((config: NotificationsConfig) => config.NOTIFICATIONS_APPOINTMENT_TOPIC, {
    group: (config: NotificationsConfig) => config.NOTIFICATIONS_CONSUMER_GROUP,
  })
  async handle(event: ConsumedEvent, tx: Tx): Promise<HandlerResult> {
    const command = appointmentCommandOf(event);
    if (!command) return;
    const outcome = await this.plan.execute(tx, command);
    const version = command.appointment.version.toString();
    const fields = { eventId: event.envelope.id, clinicId: tx.clinicId, change: command.change, version };
    if (outcome === 'stale') {
      this.logger.log(fields, 'stale appointment event acknowledged, not applied');
      return STALE_EVENT;
    }
    this.logger.debug(fields, 'appointment event planned');
  }
}

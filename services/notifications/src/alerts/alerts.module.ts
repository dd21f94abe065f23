import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { SettingsModule } from '../settings/settings.module';
import { AlertEventsHandler } from './alert-events.handler';
import { PlanStaffAlertUseCase } from './plan-staff-alert.use-case';

/** Staff e-mail alerts planned from EHR sync's alert events. */
@Module({
  imports: [SettingsModule, DeliveryModule],
  providers: [PlanStaffAlertUseCase, AlertEventsHandler],
})
export class AlertsModule {}

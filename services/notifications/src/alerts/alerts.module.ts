import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { SettingsModule } from '../settings/settings.module';
import { AlertEventsHandler } from './alert-events.handler';
import { DeviceEventsHandler } from './device-events.handler';
import { PlanStaffAlertUseCase } from './plan-staff-alert.use-case';

/** Staff e-mail alerts planned from EHR sync's alert events and the device registry's offline alerts. */
@Module({
  imports: [SettingsModule, DeliveryModule],
  providers: [PlanStaffAlertUseCase, AlertEventsHandler, DeviceEventsHandler],
})
export class AlertsModule {}

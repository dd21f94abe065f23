import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { SettingsModule } from '../settings/settings.module';
import { AppointmentEventsHandler } from './appointment-events.handler';
import { AppointmentStatesRepository } from './appointment-states.repository';
import { PlanPatientNotificationsUseCase } from './plan-patient-notifications.use-case';

/** Patient notifications and reminders planned from scheduling's appointment events. */
@Module({
  imports: [SettingsModule, ContactsModule, DeliveryModule],
  providers: [AppointmentStatesRepository, PlanPatientNotificationsUseCase, AppointmentEventsHandler],
})
export class AppointmentsModule {}

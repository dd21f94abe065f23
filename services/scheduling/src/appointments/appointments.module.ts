import { Module } from '@nestjs/common';
import { BookAppointmentUseCase } from '../bookings/book-appointment.use-case';
import { BookingContextRepository } from '../bookings/booking-context.repository';
import { BookingSnapshotRepository } from '../bookings/booking-snapshot.repository';
import { ListSlotsUseCase } from '../slots/list-slots.use-case';
import { SlotSourceRepository } from '../slots/slot-source.repository';
import { SlotsController } from '../slots/slots.controller';
import { ClinicsModule } from '../clinics/clinics.module';
import { AppointmentChanges } from './appointment-changes';
import { AppointmentWatchRepository } from './appointment-watch.repository';
import { AppointmentsRepository } from './appointments.repository';
import { AppointmentsController } from './http/appointments.controller';
import { CalendarDayController } from './http/calendar-day.controller';
import { CancelAppointmentUseCase } from './use-cases/cancel-appointment.use-case';
import { ChangeAppointmentTypeUseCase } from './use-cases/change-appointment-type.use-case';
import { ChangeDayTypeUseCase } from './use-cases/change-day-type.use-case';
import { CheckInPatientUseCase } from './use-cases/check-in-patient.use-case';
import { MarkNoShowUseCase } from './use-cases/mark-no-show.use-case';
import { ReadAppointmentsUseCase } from './use-cases/read-appointments.use-case';
import { RescheduleAppointmentUseCase } from './use-cases/reschedule-appointment.use-case';
import { StartVideoUseCase } from './use-cases/start-video.use-case';
import { WatchAppointmentsUseCase } from './use-cases/watch-appointments.use-case';
import { WatchStreams } from './watch-streams';

const USE_CASES = [
  BookAppointmentUseCase,
  ReadAppointmentsUseCase,
  RescheduleAppointmentUseCase,
  CancelAppointmentUseCase,
  ChangeAppointmentTypeUseCase,
  ChangeDayTypeUseCase,
  CheckInPatientUseCase,
  MarkNoShowUseCase,
  StartVideoUseCase,
  ListSlotsUseCase,
  WatchAppointmentsUseCase,
];

/** Bookings, changes, video start, check-in and slots; exported use cases also serve gRPC. */
@Module({
  imports: [ClinicsModule],
  controllers: [AppointmentsController, CalendarDayController, SlotsController],
  providers: [
    ...USE_CASES,
    AppointmentChanges,
    AppointmentWatchRepository,
    AppointmentsRepository,
    BookingContextRepository,
    BookingSnapshotRepository,
    SlotSourceRepository,
    WatchStreams,
  ],
  exports: [...USE_CASES, AppointmentsRepository],
})
export class AppointmentsModule {}

import type { Principal } from '@carebus/auth';
import type { Appointment, ContactSurface } from '../appointments/appointment';

export interface BookAppointmentCommand {
  principal: Principal;
  clinicId: string;
  calendarId: string;
  appointmentTypeId: string;
  patientId: string;
  start: Date;
  contactSurface?: ContactSurface | undefined;
  note?: string | undefined;
  idempotencyKey?: string | undefined;
}

export interface BookingResult {
  appointment: Appointment;
  /** True when the Idempotency-Key matched an earlier booking, which is returned unchanged. */
  replayed: boolean;
}

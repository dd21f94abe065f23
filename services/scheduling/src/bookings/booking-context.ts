import type { ContactSurface } from '../appointments/appointment';

/** A calendar with what the booking rules ask of its owner. */
export interface CalendarForBooking {
  id: string;
  ownerPractitionerId: string | null;
  ownerProfession: string | null;
  /** Calendars the owner practitioner owns in this clinic (the partner rule needs exactly one). */
  ownerCalendarCount: number;
  onlineBookable: boolean;
  minNoticeMinutes: number;
  maxDaysAhead: number;
  listedPatientsOnly: boolean;
}

export interface TypeForBooking {
  id: string;
  durationMinutes: number;
  contactSurface: ContactSurface;
  patientBookable: boolean;
  hidden: boolean;
  archived: boolean;
  dailyOnlineLimit: number | null;
}

export interface PatientForBooking {
  id: string;
  listedPractitionerId: string | null;
}

/** Everything a booking decides on, read in one round trip (each costs ~1 ms on a busy host). */
export interface BookingSnapshot {
  calendar: CalendarForBooking | null;
  type: (TypeForBooking & { name: string; patientInformation: string; notificationsEnabled: boolean }) | null;
  patient: PatientForBooking | null;
  /** Unavailable time overlaps [start, start + the type's duration). */
  unavailable: boolean;
  idempotencyKeyUsed: boolean;
}

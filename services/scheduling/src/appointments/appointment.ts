export const APPOINTMENT_STATUSES = ['booked', 'arrived', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const CONTACT_SURFACES = ['in_person', 'video', 'phone'] as const;
export type ContactSurface = (typeof CONTACT_SURFACES)[number];

export const SOURCE_CHANNELS = ['staff', 'patient_online', 'partner', 'ehr_import'] as const;
export type SourceChannel = (typeof SOURCE_CHANNELS)[number];

export type CancelledBy = 'clinic' | 'patient';

/** Statuses that hold the time: the no-double-booking constraint covers exactly these. */
export const ACTIVE_STATUSES: readonly AppointmentStatus[] = ['booked', 'arrived'];

/** An appointment as read, joined with what its events and readers need from type and calendar. */
export interface Appointment {
  id: string;
  clinicId: string;
  calendarId: string;
  practitionerId: string | null;
  appointmentTypeId: string;
  appointmentTypeName: string;
  patientInformation: string;
  notificationsEnabled: boolean;
  patientId: string;
  start: Date;
  end: Date;
  status: AppointmentStatus;
  contactSurface: ContactSurface;
  hidden: boolean;
  sourceChannel: SourceChannel;
  videoStartedAt: Date | null;
  arrivedAt: Date | null;
  cancelledAt: Date | null;
  cancelledBy: CancelledBy | null;
  cancelReason: string | null;
  note: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

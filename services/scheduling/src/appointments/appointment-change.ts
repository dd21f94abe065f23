import type { AppointmentStatus, CancelledBy, ContactSurface, SourceChannel } from './appointment';

/** A new appointment row; the clinic is the transaction's. Status `booked`, version 1. */
export interface NewAppointment {
  id: string;
  calendarId: string;
  appointmentTypeId: string;
  patientId: string;
  start: Date;
  end: Date;
  contactSurface: ContactSurface;
  hidden: boolean;
  sourceChannel: SourceChannel;
  note: string;
  bookedBy: string;
  idempotencyKey?: string | undefined;
  requestHash?: string | undefined;
  external?: { connectionId: string; externalId: string; updatedAt: Date | null } | undefined;
}

/** Columns a use case may change; each change bumps `version` and `updated_at`. */
export interface AppointmentChange {
  calendarId?: string;
  start?: Date;
  end?: Date;
  appointmentTypeId?: string;
  contactSurface?: ContactSurface;
  hidden?: boolean;
  status?: AppointmentStatus;
  videoStartedAt?: Date;
  arrivedAt?: Date;
  cancelledAt?: Date;
  cancelledBy?: CancelledBy;
  cancelReason?: string;
  externalUpdatedAt?: Date | null;
}

export interface AppointmentFilter {
  calendarId?: string | undefined;
  patientId?: string | undefined;
  statuses?: AppointmentStatus[] | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  includeHidden: boolean;
  after?: { start: Date; id: string } | undefined;
  limit: number;
}

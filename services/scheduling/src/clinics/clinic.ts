/** A clinic scheduling serves: the tenant of everything else. */
export interface Clinic {
  id: string;
  name: string;
  /** IANA zone of the clinic's work plans, slots and notifications. */
  timeZone: string;
  /** Check-in marks the patient's appointments starting within this many minutes as arrived. */
  checkInWindowMinutes: number;
  /** Receives the clinic's staff alerts (staff contact data); null for clinics onboarded before it. */
  clinicalAdminEmail: string | null;
  /** 1 when created, one more with every change: orders the scheduling.clinic.v1 events. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What an operator gives when onboarding a clinic (its locations come beside it). */
export interface NewClinic {
  name: string;
  timeZone: string;
  clinicalAdminEmail: string;
  idempotencyKey?: string | undefined;
  requestHash?: string | undefined;
}

export type ClinicChanges = Partial<
  Pick<Clinic, 'name' | 'timeZone' | 'checkInWindowMinutes'> & { clinicalAdminEmail: string }
>;

/** A clinic scheduling serves: the tenant of everything else. */
export interface Clinic {
  id: string;
  name: string;
  /** IANA zone of the clinic's work plans, slots and notifications. */
  timeZone: string;
  /** Check-in marks the patient's appointments starting within this many minutes as arrived. */
  checkInWindowMinutes: number;
  createdAt: Date;
}

export type ClinicChanges = Partial<Pick<Clinic, 'name' | 'timeZone' | 'checkInWindowMinutes'>>;

export const CONTACT_SURFACES = ['in_person', 'video', 'phone'] as const;
export type ContactSurface = (typeof CONTACT_SURFACES)[number];

/** What can be booked: duration, price, contact surface and who may see and book it. */
export interface AppointmentType {
  id: string;
  name: string;
  durationMinutes: number;
  colour: string;
  priceMinor: number;
  currency: string;
  contactSurface: ContactSurface;
  patientBookable: boolean;
  patientInformation: string;
  notificationsEnabled: boolean;
  /** Never shown to guardians or partner portals (e.g. a teenager's appointment). */
  hidden: boolean;
  dailyOnlineLimit: number | null;
  archived: boolean;
  createdAt: Date;
  /** 1 when created, one more with every change (scheduling.appointment_type.v1). */
  version: number;
  updatedAt: Date;
}

export type AppointmentTypeInput = Omit<AppointmentType, 'id' | 'createdAt' | 'version' | 'updatedAt'>;

/** Which types a caller may see; anything else answers like an unknown id. */
export interface TypeVisibility {
  /** Patient-facing callers: patient-bookable, non-archived types only. */
  bookableOnly: boolean;
  /** False for guardians and partner portals. */
  includeHidden: boolean;
  includeArchived: boolean;
}

import type { Language } from '../templates/notification-kind';

/** A clinic's notification settings. */
export interface ClinicSettings {
  clinicId: string;
  clinicName: string;
  senderEmail: string | null;
  senderName: string | null;
  timeZone: string;
  defaultLanguage: Language;
  clinicalAdminEmail: string | null;
  /** Minutes after local midnight. */
  quietHoursStart: number;
  quietHoursEnd: number;
  /**
   * The version of scheduling's clinic the clinic name, time zone and clinical administrator
   * e-mail were copied from (scheduling.clinic.v1); null while no clinic event has arrived.
   */
  clinicVersion: number | null;
}

/** What a clinic that never set any gets. */
export const DEFAULT_SETTINGS: Omit<ClinicSettings, 'clinicId'> = {
  clinicName: '',
  senderEmail: null,
  senderName: null,
  timeZone: 'Europe/Oslo',
  defaultLanguage: 'nb',
  clinicalAdminEmail: null,
  quietHoursStart: 21 * 60,
  quietHoursEnd: 8 * 60,
  clinicVersion: null,
};

/**
 * The fields scheduling owns once it has sent the clinic (scheduling.clinic.v1): its events set
 * them, and the settings API may only repeat them (or leave them out).
 */
export const SCHEDULING_OWNED = ['clinicName', 'timeZone', 'clinicalAdminEmail'] as const;
export type SchedulingOwned = (typeof SCHEDULING_OWNED)[number];

/** What the settings API writes: a left-out scheduling-owned field keeps its value. */
export type SettingsInput = Omit<ClinicSettings, 'clinicId' | 'clinicVersion' | SchedulingOwned> &
  Partial<Pick<ClinicSettings, SchedulingOwned>>;

/** The clinic as scheduling.clinic.v1 carries it. */
export interface ClinicCopy {
  clinicName: string;
  timeZone: string;
  clinicalAdminEmail: string | null;
  version: number;
}

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
};

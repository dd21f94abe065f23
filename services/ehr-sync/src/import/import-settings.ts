import type { EhrSyncConfig } from '../service';

export const IMPORT_SETTINGS = Symbol('IMPORT_SETTINGS');

export interface ImportSettings {
  /** Where EhrAppointmentImported goes (ehrsync.appointment.v1). */
  appointmentTopic: string;
}

export function importSettingsOf(config: EhrSyncConfig): ImportSettings {
  return { appointmentTopic: config.EHR_SYNC_APPOINTMENT_TOPIC };
}

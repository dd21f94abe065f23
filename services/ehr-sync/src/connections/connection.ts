import type { EhrCredentials, EhrSystem } from '../ehr-adapters/ehr-adapter';

/** The EHR API styles a connection speaks (the adapter's `EhrSystem`, in the REST API's spelling). */
export const CONNECTION_STYLES = ['fhir_r4', 'vendor'] as const;
export type ConnectionStyle = (typeof CONNECTION_STYLES)[number];

export const CONNECTION_STATUSES = ['pending', 'active', 'deauthorized', 'error'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export const systemOf = (style: ConnectionStyle): EhrSystem => (style === 'fhir_r4' ? 'fhir-r4' : 'vendor');

/** The seal purpose of a connection's credentials (docs/ehr-sync.md, fields encrypted under the SEK). */
export const CREDENTIALS_PURPOSE = 'connection.credentials';

/** How a clinic syncs with this EHR (requirements §3). */
export interface ConnectionSettings {
  /** Days of schedule to sync ahead, from today. */
  scheduleDays: number;
  /** The EHR's provider ids to sync (chosen from `GET …/providers`); empty: none yet. */
  providerIds: string[];
  /** Minutes before an appointment's start that the patient is asked to arrive. */
  arrivalWindowMinutes: number;
  combineProgressNotes: boolean;
  attachmentsAsPdf: boolean;
  /** The EHR's appointment classes that mark unavailable time, not patient appointments. */
  unavailableAppointmentClasses: string[];
  /** The EHR appointment class used for inserts that carry none; null: none. */
  defaultAppointmentType: string | null;
}

export const DEFAULT_SETTINGS: ConnectionSettings = {
  scheduleDays: 1,
  providerIds: [],
  arrivalWindowMinutes: 0,
  combineProgressNotes: false,
  attachmentsAsPdf: false,
  unavailableAppointmentClasses: [],
  defaultAppointmentType: null,
};

export interface EhrConnection {
  id: string;
  clinicId: string;
  style: ConnectionStyle;
  baseUrl: string;
  /** Sealed under the clinic's key; opened only to sign in to the EHR. */
  sealedCredentials: string;
  status: ConnectionStatus;
  /** The error code that put it in `deauthorized` or `error`. */
  statusCode: string | null;
  statusChangedAt: Date;
  settings: ConnectionSettings;
  settingsVersion: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The credentials as the REST API takes them (fields of the style only). */
export type ConnectionCredentials =
  | { style: 'fhir_r4'; clientId: string; clientSecret: string }
  | { style: 'vendor'; username: string; activationCode: string };

export function adapterCredentials(c: ConnectionCredentials): EhrCredentials {
  return c.style === 'fhir_r4'
    ? { system: 'fhir-r4', clientId: c.clientId, clientSecret: c.clientSecret }
    : { system: 'vendor', username: c.username, activationCode: c.activationCode };
}

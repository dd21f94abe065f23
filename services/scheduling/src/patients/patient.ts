import type { NationalId, NationalIdKind } from './national-id';

/** Patient data: every read and write is audited, and none of it is ever logged. */
export interface Patient {
  id: string;
  name: string;
  /** 11 digits, validated by NationalId; unique within the clinic. */
  nationalId: string | null;
  nationalIdKind: NationalIdKind | null;
  phone: string | null;
  email: string | null;
  /** A parent or guardian acts for the patient (hidden appointments are kept from them). */
  hasGuardian: boolean;
  /** The GP the patient is listed with, for "listed patients only" calendars. */
  listedPractitionerId: string | null;
  createdAt: Date;
  /** 1 when registered, one more with every change (scheduling.patient.v1). */
  version: number;
  updatedAt: Date;
}

export interface PatientInput {
  name: string;
  nationalId: NationalId | null;
  phone: string | null;
  email: string | null;
  hasGuardian: boolean;
  listedPractitionerId: string | null;
}

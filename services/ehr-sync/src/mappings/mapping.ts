/** An EHR provider shown in Carebus: the practitioner and the calendar its appointments go to. */
export interface ProviderMapping {
  providerExternalId: string;
  practitionerId: string;
  calendarId: string;
}

/** An EHR appointment class: a Carebus appointment type, or unavailable time (no patient booking). */
export type ClassMapping =
  | { appointmentClass: string; unavailable: false; appointmentTypeId: string }
  | { appointmentClass: string; unavailable: true; appointmentTypeId: null };

/** A connection's mappings, looked up during an import. */
export interface ConnectionMappings {
  providers: ReadonlyMap<string, ProviderMapping>;
  classes: ReadonlyMap<string, ClassMapping>;
}

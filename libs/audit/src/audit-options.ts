/** Which schema's audit trail a service writes, and the name its rows and events carry. */
export interface AuditOptions {
  /** The service's schema, e.g. `scheduling`. */
  schema: string;
  /** The service's name, e.g. `scheduling`; the `service` of its access events and anchors. */
  service: string;
  /** Topic of the patient access events (default `audit.patient_access.v1`); tests use their own. */
  patientAccessTopic?: string;
  /** Chain rows behind the writes (default true); off only to measure what sealing costs. */
  sealing?: boolean;
  /** How often the sealer looks for unsealed rows (default 1,000 ms). */
  sealIntervalMs?: number;
  /** How often chain heads are anchored (default 30,000 ms). */
  anchorIntervalMs?: number;
  /** Rows one sealing pass chains at most (default 5,000). */
  sealBatch?: number;
}

export const AUDIT_OPTIONS = Symbol('AUDIT_OPTIONS');

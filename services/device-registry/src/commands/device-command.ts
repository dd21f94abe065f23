export const COMMAND_KINDS = ['payment', 'patient_lookup'] as const;
export type CommandKindName = (typeof COMMAND_KINDS)[number];

export const COMMAND_STATUSES = ['created', 'delivered', 'completed', 'failed', 'expired'] as const;
export type CommandStatusName = (typeof COMMAND_STATUSES)[number];

export const PAYMENT_STATUSES = ['approved', 'declined', 'timed_out'] as const;
export type PaymentStatusName = (typeof PAYMENT_STATUSES)[number];

/** Which component of an agent executes each kind. */
export const COMPONENT_OF: Record<CommandKindName, string> = {
  payment: 'payment-terminal',
  patient_lookup: 'journal',
};

export interface PaymentRequestBody {
  amountMinor: number;
  currency: string;
  reference: string;
}

/** Patient data: sealed at rest, audited, never logged or on Kafka. */
export interface PatientLookupBody {
  patientId: string;
  nationalId: string;
}

export type CommandRequest =
  | { kind: 'payment'; payment: PaymentRequestBody }
  | { kind: 'patient_lookup'; patientLookup: PatientLookupBody };

export interface PaymentResultBody {
  status: PaymentStatusName;
  authorisationCode: string;
  maskedCard: string;
}

/** Patient data: sealed at rest, audited, never logged or on Kafka. */
export interface PatientLookupResultBody {
  found: boolean;
  localRecordId: string;
  summary: string;
}

export type CommandResultBody = { payment: PaymentResultBody } | { patientLookup: PatientLookupResultBody };

/** A command queued for one device. */
export interface DeviceCommand {
  id: string;
  clinicId: string;
  deviceId: string;
  kind: CommandKindName;
  component: string;
  idempotencyId: string;
  status: CommandStatusName;
  /** `dr1.…`: the CommandRequest, sealed. */
  sealedRequest: string;
  /** The patient a patient lookup is about (for the audit trail); null for payments. */
  patientId: string | null;
  requestedBy: string;
  createdAt: Date;
  deadline: Date;
  deliveryAttempts: number;
  deliveredAt: Date | null;
  finishedAt: Date | null;
  version: number;
}

/** The one recorded result of a command. */
export interface CommandResultRecord {
  commandId: string;
  outcome: 'completed' | 'failed';
  /** `dr1.…`: the CommandResultBody, sealed; null for a failure. */
  sealedResult: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  finishedAt: Date | null;
  recordedAt: Date;
  afterExpiry: boolean;
}

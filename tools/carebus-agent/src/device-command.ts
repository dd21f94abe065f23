/** What a command asks for, as the agent names it (COMMAND_KIND_* on the wire). */
export type CommandKind = 'payment' | 'patient_lookup' | 'unknown';

/** A unit of work the registry sent, as the components see it (decoded from the wire form). */
export interface DeviceCommand {
  commandId: string;
  /** Stable across redeliveries of the same work; keys the execution log. */
  idempotencyId: string;
  kind: CommandKind;
  /** The request fields of the kind (PaymentRequest, PatientLookupRequest) in camelCase. */
  payload: Record<string, unknown>;
  /** After this instant the agent does not start the work. */
  deadline?: Date;
}

/** How a command ended on the agent: `completed` carries the component's answer, `failed` a code. */
export type CommandOutcome = 'completed' | 'failed';

export interface CommandResult {
  outcome: CommandOutcome;
  /** completed: the kind's result fields; failed: { code, reason } (never patient data). */
  result: Record<string, unknown>;
}

export const failed = (code: string, reason: string): CommandResult => ({
  outcome: 'failed',
  result: { code, reason },
});

import type { ComponentStatus } from './components/component-status';
import type { CommandKind, DeviceCommand } from './device-command';
import type { PendingResult } from './result-outbox';

/** google.protobuf.Timestamp / Duration as @grpc/proto-loader hands them over (longs as strings). */
export interface WireTimestamp {
  seconds: string | number;
  nanos: number;
}

export const toTimestamp = (date: Date): WireTimestamp => ({
  seconds: String(Math.floor(date.getTime() / 1000)),
  nanos: (date.getTime() % 1000) * 1_000_000,
});

export const fromTimestamp = (ts: WireTimestamp | null | undefined): Date | undefined =>
  ts ? new Date(Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000)) : undefined;

export const durationMs = (d: WireTimestamp | null | undefined): number | undefined =>
  d ? Number(d.seconds) * 1000 + Math.floor(d.nanos / 1_000_000) : undefined;

/** carebus.devices.v1.Command as decoded (enums as names, camelCase fields). */
export interface WireCommand {
  commandId: string;
  idempotencyId: string;
  kind: string;
  component: string;
  deadline?: WireTimestamp | null;
  deliveryAttempt?: number;
  payment?: { amountMinor: string; currency: string; reference: string } | null;
  patientLookup?: { patientId: string; nationalId: string } | null;
}

const KINDS: Record<string, CommandKind> = {
  COMMAND_KIND_PAYMENT: 'payment',
  COMMAND_KIND_PATIENT_LOOKUP: 'patient_lookup',
};

export function fromWireCommand(wire: WireCommand): DeviceCommand {
  const kind = KINDS[wire.kind] ?? 'unknown';
  const payload: Record<string, unknown> =
    kind === 'payment' && wire.payment
      ? {
          amountMinor: Number(wire.payment.amountMinor),
          currency: wire.payment.currency,
          reference: wire.payment.reference,
        }
      : kind === 'patient_lookup' && wire.patientLookup
        ? { patientId: wire.patientLookup.patientId, nationalId: wire.patientLookup.nationalId }
        : {};
  const deadline = fromTimestamp(wire.deadline);
  return {
    commandId: wire.commandId,
    idempotencyId: wire.idempotencyId,
    kind,
    payload,
    ...(deadline ? { deadline } : {}),
  };
}

export const toWireComponent = (status: ComponentStatus) => ({
  name: status.name,
  state: `COMPONENT_STATE_${status.state.toUpperCase()}`,
  reason: status.reason ?? '',
});

const PAYMENT_STATUS: Record<string, string> = {
  approved: 'PAYMENT_STATUS_APPROVED',
  declined: 'PAYMENT_STATUS_DECLINED',
  timed_out: 'PAYMENT_STATUS_TIMED_OUT',
};

/** A ReportResultRequest for a result from the outbox. */
export function toWireReport(pending: PendingResult): Record<string, unknown> {
  const base = {
    commandId: pending.commandId,
    idempotencyId: pending.idempotencyId,
    finishedAt: toTimestamp(pending.producedAt),
  };
  const r = pending.result;
  if (pending.outcome === 'failed') {
    return {
      ...base,
      outcome: 'COMMAND_OUTCOME_FAILED',
      errorCode: String(r.code ?? 'agent.failed'),
      errorMessage: String(r.reason ?? ''),
    };
  }
  if (pending.kind === 'payment') {
    return {
      ...base,
      outcome: 'COMMAND_OUTCOME_COMPLETED',
      payment: {
        status: PAYMENT_STATUS[String(r.status)],
        authorisationCode: r.authorisationCode ?? '',
        maskedCard: r.maskedCard ?? '',
      },
    };
  }
  return {
    ...base,
    outcome: 'COMMAND_OUTCOME_COMPLETED',
    patientLookup: {
      found: r.found === true,
      localRecordId: r.localRecordId ?? '',
      summary: r.summary ?? '',
    },
  };
}

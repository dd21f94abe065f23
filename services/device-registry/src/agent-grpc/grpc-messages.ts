import type { AgentKindName, ComponentStatusEntry, Device } from '../devices/device';
import { COMPONENT_STATES } from '../devices/device';
import { invalidRequest } from '../device-registry.errors';
import type { AgentReport, OutgoingCommand } from '../commands/agent-commands.use-case';
import { PAYMENT_STATUSES, type CommandResultBody, type CommandStatusName } from '../commands/device-command';

/** A google.protobuf.Timestamp or Duration as @grpc/proto-loader reads it (longs as strings). */
export interface GrpcSeconds {
  seconds?: string | number;
  nanos?: number;
}

export const toTimestamp = (d: Date): GrpcSeconds => ({
  seconds: String(Math.floor(d.getTime() / 1000)),
  nanos: (d.getTime() % 1000) * 1_000_000,
});
export const toDuration = (ms: number): GrpcSeconds => ({
  seconds: String(Math.floor(ms / 1000)),
  nanos: (ms % 1000) * 1_000_000,
});
const fromTimestamp = (t: GrpcSeconds | null | undefined): Date | null =>
  t && t.seconds !== undefined ? new Date(Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6)) : null;

const KIND: Record<string, AgentKindName> = {
  AGENT_KIND_WORKSTATION: 'workstation',
  AGENT_KIND_CLINIC_DEVICE: 'clinic_device',
};
export const kindOf = (value: unknown): AgentKindName => {
  const kind = typeof value === 'string' ? KIND[value] : undefined;
  if (!kind) throw invalidRequest('kind', 'must be AGENT_KIND_WORKSTATION or AGENT_KIND_CLINIC_DEVICE');
  return kind;
};
export const kindProto = (kind: AgentKindName) =>
  kind === 'workstation' ? 'AGENT_KIND_WORKSTATION' : 'AGENT_KIND_CLINIC_DEVICE';
export const stateProto = (d: Device) => `DEVICE_STATE_${d.state.toUpperCase()}`;
export const commandStatusProto = (s: CommandStatusName) => `COMMAND_STATUS_${s.toUpperCase()}`;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

interface GrpcComponent {
  name?: string;
  state?: string;
  reason?: string;
}

/** Heartbeat components: at most 32, names [a-z0-9._-]{1,64}, reasons at most 200 characters. */
export function componentsOf(list: GrpcComponent[] | undefined): ComponentStatusEntry[] {
  const items = list ?? [];
  if (items.length > 32) throw invalidRequest('components', 'at most 32');
  const seen = new Set<string>();
  return items.map((c) => {
    const name = str(c.name);
    if (!/^[a-z0-9._-]{1,64}$/.test(name) || seen.has(name)) {
      throw invalidRequest('components.name', 'unique, 1 to 64 characters of [a-z0-9._-]');
    }
    seen.add(name);
    const state = str(c.state)
      .replace(/^COMPONENT_STATE_/, '')
      .toLowerCase();
    if (!(COMPONENT_STATES as readonly string[]).includes(state)) {
      throw invalidRequest('components.state', 'must be READY, STARTING, ERROR or NOT_INSTALLED');
    }
    const reason = str(c.reason);
    if (reason.length > 200) throw invalidRequest('components.reason', 'at most 200 characters');
    return { name, state: state as ComponentStatusEntry['state'], reason };
  });
}

/** A queued command as the stream sends it. */
export function commandMessage({ command, request }: OutgoingCommand) {
  return {
    command: {
      commandId: command.id,
      idempotencyId: command.idempotencyId,
      kind: command.kind === 'payment' ? 'COMMAND_KIND_PAYMENT' : 'COMMAND_KIND_PATIENT_LOOKUP',
      component: command.component,
      createdAt: toTimestamp(command.createdAt),
      deadline: toTimestamp(command.deadline),
      deliveryAttempt: command.deliveryAttempts,
      ...(request.kind === 'payment'
        ? { payment: { ...request.payment, amountMinor: String(request.payment.amountMinor) } }
        : { patientLookup: request.patientLookup }),
    },
  };
}

interface GrpcReport {
  commandId?: string;
  idempotencyId?: string;
  outcome?: string;
  errorCode?: string;
  errorMessage?: string;
  finishedAt?: GrpcSeconds;
  payment?: { status?: string; authorisationCode?: string; maskedCard?: string };
  patientLookup?: { found?: boolean; localRecordId?: string; summary?: string };
}

export function reportOf(req: GrpcReport): AgentReport {
  const outcome =
    req.outcome === 'COMMAND_OUTCOME_COMPLETED'
      ? 'completed'
      : req.outcome === 'COMMAND_OUTCOME_FAILED'
        ? 'failed'
        : null;
  if (!outcome)
    throw invalidRequest('outcome', 'must be COMMAND_OUTCOME_COMPLETED or COMMAND_OUTCOME_FAILED');
  const errorCode = str(req.errorCode);
  const errorMessage = str(req.errorMessage);
  if (errorCode.length > 100 || !/^[A-Za-z0-9._-]*$/.test(errorCode)) {
    throw invalidRequest('error_code', 'at most 100 characters of [A-Za-z0-9._-]');
  }
  if (errorMessage.length > 500) throw invalidRequest('error_message', 'at most 500 characters');
  let result: CommandResultBody | null = null;
  if (req.payment) {
    const status = str(req.payment.status)
      .replace(/^PAYMENT_STATUS_/, '')
      .toLowerCase();
    if (!(PAYMENT_STATUSES as readonly string[]).includes(status)) {
      throw invalidRequest('payment.status', 'must be APPROVED, DECLINED or TIMED_OUT');
    }
    result = {
      payment: {
        status: status as (typeof PAYMENT_STATUSES)[number],
        authorisationCode: str(req.payment.authorisationCode).slice(0, 64),
        maskedCard: str(req.payment.maskedCard).slice(0, 32),
      },
    };
  } else if (req.patientLookup) {
    const summary = str(req.patientLookup.summary);
    if (summary.length > 2000) throw invalidRequest('patient_lookup.summary', 'at most 2,000 characters');
    result = {
      patientLookup: {
        found: req.patientLookup.found === true,
        localRecordId: str(req.patientLookup.localRecordId).slice(0, 128),
        summary,
      },
    };
  }
  return {
    commandId: str(req.commandId),
    idempotencyId: str(req.idempotencyId),
    outcome,
    errorCode,
    errorMessage,
    finishedAt: fromTimestamp(req.finishedAt),
    result,
  };
}

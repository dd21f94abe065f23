import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  CommandKind,
  CommandStatus,
  encodeEventPayload,
  EVENTS,
  PaymentStatus,
  type EventDefinition,
} from '@carebus/contracts';
import type { OutboxEvent } from '@carebus/outbox';
import type { CommandKindName, CommandStatusName, DeviceCommand, PaymentStatusName } from './device-command';

export const COMMAND_KIND_PROTO: Record<CommandKindName, CommandKind> = {
  payment: CommandKind.PAYMENT,
  patient_lookup: CommandKind.PATIENT_LOOKUP,
};
export const COMMAND_STATUS_PROTO: Record<CommandStatusName, CommandStatus> = {
  created: CommandStatus.CREATED,
  delivered: CommandStatus.DELIVERED,
  completed: CommandStatus.COMPLETED,
  failed: CommandStatus.FAILED,
  expired: CommandStatus.EXPIRED,
};
export const PAYMENT_STATUS_PROTO: Record<PaymentStatusName, PaymentStatus> = {
  approved: PaymentStatus.APPROVED,
  declined: PaymentStatus.DECLINED,
  timed_out: PaymentStatus.TIMED_OUT,
};

function commandEvent(
  definition: EventDefinition,
  topic: string,
  c: DeviceCommand,
  payload: Uint8Array,
  at: Date,
): OutboxEvent {
  return {
    type: definition.type,
    topic,
    aggregateType: definition.aggregateType,
    aggregateId: c.id,
    clinicId: c.clinicId,
    payload,
    time: at,
  };
}

/** Ids, kinds and times only: never the request (a patient lookup's is patient data). */
export function commandCreatedEvent(topic: string, c: DeviceCommand): OutboxEvent {
  const payload = encodeEventPayload(EVENTS.commandCreated, {
    commandId: c.id,
    clinicId: c.clinicId,
    deviceId: c.deviceId,
    kind: COMMAND_KIND_PROTO[c.kind],
    idempotencyId: c.idempotencyId,
    requestedBy: c.requestedBy,
    createdAt: timestampFromDate(c.createdAt),
    deadline: timestampFromDate(c.deadline),
    version: BigInt(c.version),
  });
  return commandEvent(EVENTS.commandCreated, topic, c, payload, c.createdAt);
}

export function commandDeliveredEvent(topic: string, c: DeviceCommand, at: Date): OutboxEvent {
  const payload = encodeEventPayload(EVENTS.commandDelivered, {
    commandId: c.id,
    clinicId: c.clinicId,
    deviceId: c.deviceId,
    deliveredAt: timestampFromDate(at),
    deliveryAttempts: Math.max(1, c.deliveryAttempts),
    version: BigInt(c.version),
  });
  return commandEvent(EVENTS.commandDelivered, topic, c, payload, at);
}

export function commandCompletedEvent(
  topic: string,
  c: DeviceCommand,
  paymentStatus: PaymentStatusName | null,
  afterExpiry: boolean,
  at: Date,
  version: number,
): OutboxEvent {
  const payload = encodeEventPayload(EVENTS.commandCompleted, {
    commandId: c.id,
    clinicId: c.clinicId,
    deviceId: c.deviceId,
    kind: COMMAND_KIND_PROTO[c.kind],
    completedAt: timestampFromDate(at),
    paymentStatus: paymentStatus ? PAYMENT_STATUS_PROTO[paymentStatus] : PaymentStatus.UNSPECIFIED,
    afterExpiry,
    version: BigInt(version),
  });
  return commandEvent(EVENTS.commandCompleted, topic, c, payload, at);
}

/** The agent's error code and operator text (the protocol forbids patient data in them). */
export function commandFailedEvent(
  topic: string,
  c: DeviceCommand,
  errorCode: string,
  errorMessage: string,
  afterExpiry: boolean,
  at: Date,
  version: number,
): OutboxEvent {
  const payload = encodeEventPayload(EVENTS.commandFailed, {
    commandId: c.id,
    clinicId: c.clinicId,
    deviceId: c.deviceId,
    kind: COMMAND_KIND_PROTO[c.kind],
    failedAt: timestampFromDate(at),
    errorCode,
    errorMessage,
    afterExpiry,
    version: BigInt(version),
  });
  return commandEvent(EVENTS.commandFailed, topic, c, payload, at);
}

export function commandExpiredEvent(
  topic: string,
  before: DeviceCommand,
  at: Date,
  version: number,
): OutboxEvent {
  const payload = encodeEventPayload(EVENTS.commandExpired, {
    commandId: before.id,
    clinicId: before.clinicId,
    deviceId: before.deviceId,
    kind: COMMAND_KIND_PROTO[before.kind],
    deadline: timestampFromDate(before.deadline),
    expiredFrom: COMMAND_STATUS_PROTO[before.status],
    expiredAt: timestampFromDate(at),
    version: BigInt(version),
  });
  return commandEvent(EVENTS.commandExpired, topic, before, payload, at);
}

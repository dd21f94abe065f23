import { durationFromMs, timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  AgentKind,
  ComponentState,
  Connectivity,
  DeviceState,
  encodeEventPayload,
  EVENTS,
  RemovalReason,
  type EventDefinition,
} from '@carebus/contracts';
import type { OutboxEvent } from '@carebus/outbox';
import type {
  AgentKindName,
  ComponentStatusEntry,
  ConnectivityName,
  Device,
  DeviceStateName,
} from './device';

export const AGENT_KIND_PROTO: Record<AgentKindName, AgentKind> = {
  workstation: AgentKind.WORKSTATION,
  clinic_device: AgentKind.CLINIC_DEVICE,
};
export const DEVICE_STATE_PROTO: Record<DeviceStateName, DeviceState> = {
  needs_name: DeviceState.NEEDS_NAME,
  active: DeviceState.ACTIVE,
  removed: DeviceState.REMOVED,
};
const CONNECTIVITY_PROTO: Record<ConnectivityName, Connectivity> = {
  online: Connectivity.ONLINE,
  offline: Connectivity.OFFLINE,
};
const COMPONENT_STATE_PROTO = {
  ready: ComponentState.READY,
  starting: ComponentState.STARTING,
  error: ComponentState.ERROR,
  not_installed: ComponentState.NOT_INSTALLED,
} as const;

export const componentsProto = (components: ComponentStatusEntry[]) =>
  components.map((c) => ({ name: c.name, state: COMPONENT_STATE_PROTO[c.state], reason: c.reason }));

function deviceEvent(
  definition: EventDefinition,
  topic: string,
  device: { id: string; clinicId: string },
  payload: Uint8Array,
  at: Date,
): OutboxEvent {
  return {
    type: definition.type,
    topic,
    aggregateType: definition.aggregateType,
    aggregateId: device.id,
    clinicId: device.clinicId,
    payload,
    time: at,
  };
}

export function deviceEnrolledEvent(topic: string, d: Device, replacedDeviceId: string | null): OutboxEvent {
  const payload = encodeEventPayload(EVENTS.deviceEnrolled, {
    deviceId: d.id,
    clinicId: d.clinicId,
    kind: AGENT_KIND_PROTO[d.kind],
    state: DEVICE_STATE_PROTO[d.state],
    hostname: d.hostname,
    agentVersion: d.agentVersion,
    codeCreatedBy: d.codeCreatedBy,
    enrolledAt: timestampFromDate(d.enrolledAt),
    replacedDeviceId: replacedDeviceId ?? '',
    version: BigInt(d.version),
  });
  return deviceEvent(EVENTS.deviceEnrolled, topic, d, payload, d.enrolledAt);
}

export function deviceNamedEvent(
  topic: string,
  d: Device,
  name: string,
  by: string,
  at: Date,
  version: number,
): OutboxEvent {
  const payload = encodeEventPayload(EVENTS.deviceNamed, {
    deviceId: d.id,
    clinicId: d.clinicId,
    name,
    previousName: d.name ?? '',
    namedBy: by,
    namedAt: timestampFromDate(at),
    version: BigInt(version),
  });
  return deviceEvent(EVENTS.deviceNamed, topic, d, payload, at);
}

export function deviceRemovedEvent(
  topic: string,
  d: { id: string; clinicId: string },
  reason: 'admin' | 'replaced',
  by: string | null,
  at: Date,
  version: number,
): OutboxEvent {
  const payload = encodeEventPayload(EVENTS.deviceRemoved, {
    deviceId: d.id,
    clinicId: d.clinicId,
    reason: reason === 'admin' ? RemovalReason.ADMIN : RemovalReason.REPLACED,
    removedBy: by ?? '',
    removedAt: timestampFromDate(at),
    version: BigInt(version),
  });
  return deviceEvent(EVENTS.deviceRemoved, topic, d, payload, at);
}

/** `d` as it is after the change. */
export function deviceStatusChangedEvent(
  topic: string,
  d: Device,
  previous: ConnectivityName,
  at: Date,
): OutboxEvent {
  const payload = encodeEventPayload(EVENTS.deviceStatusChanged, {
    deviceId: d.id,
    clinicId: d.clinicId,
    kind: AGENT_KIND_PROTO[d.kind],
    connectivity: CONNECTIVITY_PROTO[d.connectivity],
    previousConnectivity: CONNECTIVITY_PROTO[previous],
    components: componentsProto(d.components),
    agentVersion: d.agentVersion,
    ...(d.lastHeartbeatAt ? { lastHeartbeatAt: timestampFromDate(d.lastHeartbeatAt) } : {}),
    changedAt: timestampFromDate(at),
    version: BigInt(d.version),
  });
  return deviceEvent(EVENTS.deviceStatusChanged, topic, d, payload, at);
}

export function deviceOfflineAlertEvent(topic: string, d: Device, at: Date): OutboxEvent {
  const since = d.offlineSince ?? d.enrolledAt;
  const payload = encodeEventPayload(EVENTS.deviceOfflineAlert, {
    deviceId: d.id,
    clinicId: d.clinicId,
    name: d.name ?? '',
    hostname: d.hostname,
    offlineSince: timestampFromDate(since),
    offlineFor: durationFromMs(at.getTime() - since.getTime()),
    alertedAt: timestampFromDate(at),
    version: BigInt(d.version),
  });
  return deviceEvent(EVENTS.deviceOfflineAlert, topic, d, payload, at);
}

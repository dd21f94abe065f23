/** The two agent kinds, in the REST API's spelling (docs/device-registry.md). */
export const AGENT_KINDS = ['workstation', 'clinic_device'] as const;
export type AgentKindName = (typeof AGENT_KINDS)[number];

export const DEVICE_STATES = ['needs_name', 'active', 'removed'] as const;
export type DeviceStateName = (typeof DEVICE_STATES)[number];

export const CONNECTIVITIES = ['online', 'offline'] as const;
export type ConnectivityName = (typeof CONNECTIVITIES)[number];

export const COMPONENT_STATES = ['ready', 'starting', 'error', 'not_installed'] as const;
export type ComponentStateName = (typeof COMPONENT_STATES)[number];

/** One component program of an agent as last reported. */
export interface ComponentStatusEntry {
  name: string;
  state: ComponentStateName;
  reason: string;
}

/** An enrolled agent: a workstation service or a clinic device service. */
export interface Device {
  id: string;
  clinicId: string;
  kind: AgentKindName;
  state: DeviceStateName;
  /** The admin-given name; null until named. */
  name: string | null;
  hostname: string;
  /** The computer it runs on (the agent's machine id, or its hostname when it sent none). */
  machineId: string;
  agentVersion: string;
  /** Raw 32 bytes of its Ed25519 public key. */
  publicKey: Buffer;
  components: ComponentStatusEntry[];
  connectivity: ConnectivityName;
  lastHeartbeatAt: Date | null;
  offlineSince: Date | null;
  offlineAlertedAt: Date | null;
  codeCreatedBy: string;
  enrolledAt: Date;
  removedAt: Date | null;
  removedBy: string | null;
  version: number;
  updatedAt: Date;
}

/** What an agent's call needs to know of its device before any clinic is known. */
export interface DeviceIdentity {
  deviceId: string;
  clinicId: string;
  kind: AgentKindName;
  state: DeviceStateName;
  publicKey: Buffer;
}

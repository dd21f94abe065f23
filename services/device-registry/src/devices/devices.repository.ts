import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  empty,
  raw,
  sql,
  toPage,
  type Page,
  type PageRequest,
  type Transaction,
  type Tx,
} from '@carebus/persistence';
import {
  AGENT_KINDS,
  COMPONENT_STATES,
  CONNECTIVITIES,
  DEVICE_STATES,
  type ComponentStatusEntry,
  type Device,
  type DeviceIdentity,
} from './device';

const S = 'device_registry';

const COLUMNS = raw(`id, clinic_id AS "clinicId", kind, state, name, hostname, machine_id AS "machineId",
  agent_version AS "agentVersion", public_key AS "publicKey", components, connectivity,
  last_heartbeat_at AS "lastHeartbeatAt", offline_since AS "offlineSince", offline_alerted_at AS "offlineAlertedAt",
  code_created_by AS "codeCreatedBy", enrolled_at AS "enrolledAt", removed_at AS "removedAt", removed_by AS "removedBy",
  version, updated_at AS "updatedAt"`);

const Component = z.object({ name: z.string(), state: z.enum(COMPONENT_STATES), reason: z.string() });

const DeviceRow = z.object({
  id: z.string(),
  clinicId: z.string(),
  kind: z.enum(AGENT_KINDS),
  state: z.enum(DEVICE_STATES),
  name: z.string().nullable(),
  hostname: z.string(),
  machineId: z.string(),
  agentVersion: z.string(),
  publicKey: z.instanceof(Buffer),
  components: z.array(Component),
  connectivity: z.enum(CONNECTIVITIES),
  lastHeartbeatAt: z.date().nullable(),
  offlineSince: z.date().nullable(),
  offlineAlertedAt: z.date().nullable(),
  codeCreatedBy: z.string(),
  enrolledAt: z.date(),
  removedAt: z.date().nullable(),
  removedBy: z.string().nullable(),
  version: z.coerce.number(),
  updatedAt: z.date(),
});

const IdentityRow = z.object({
  clinicId: z.string(),
  publicKey: z.instanceof(Buffer),
  state: z.enum(DEVICE_STATES),
  kind: z.enum(AGENT_KINDS),
});
const Due = z.object({ id: z.string(), clinicId: z.string() });

/** Which of a clinic's devices a listing shows. */
export interface DeviceFilter {
  /** Only devices on this computer (machine id). */
  onComputer?: string;
  /** Only devices elsewhere than this computer. */
  notOnComputer?: string;
  state?: 'needs_name' | 'active';
}

/** A clinic's enrolled agents (device_registry.devices, row-level security by clinic). */
@Injectable()
export class DevicesRepository {
  async find(tx: Tx, id: string, lock = false): Promise<Device | null> {
    const row = await tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM ${raw(S)}.devices WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid${raw(lock ? ' FOR UPDATE' : '')}`,
      DeviceRow,
      { prepared: true },
    );
    return row ?? null;
  }

  /** Live (not removed) devices, oldest enrolment first. */
  async list(tx: Tx, filter: DeviceFilter, page: PageRequest): Promise<Page<Device>> {
    const after = page.after
      ? sql`AND (enrolled_at, id) > (${page.after.key}::timestamptz, ${page.after.id}::uuid)`
      : empty;
    const on = filter.onComputer !== undefined ? sql`AND machine_id = ${filter.onComputer}` : empty;
    const off = filter.notOnComputer !== undefined ? sql`AND machine_id <> ${filter.notOnComputer}` : empty;
    const state = filter.state ? sql`AND state = ${filter.state}` : empty;
    const rows = await tx.rows(
      sql`SELECT ${COLUMNS} FROM ${raw(S)}.devices
           WHERE clinic_id = ${tx.clinicId} AND state <> 'removed' ${on} ${off} ${state} ${after}
           ORDER BY enrolled_at, id LIMIT ${page.limit + 1}`,
      DeviceRow,
    );
    return toPage(rows, page.limit, (d) => ({ key: d.enrolledAt.toISOString(), id: d.id }));
  }

  /** The live workstation service of a computer, locked. */
  async workstationOn(tx: Tx, machineId: string): Promise<Device | null> {
    const row = await tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM ${raw(S)}.devices WHERE clinic_id = ${tx.clinicId} AND machine_id = ${machineId}
            AND kind = 'workstation' AND state <> 'removed' FOR UPDATE`,
      DeviceRow,
    );
    return row ?? null;
  }

  async insert(tx: Tx, d: Device): Promise<void> {
    await tx.execute(
      sql`INSERT INTO ${raw(S)}.devices (id, clinic_id, kind, state, name, hostname, machine_id, agent_version,
            public_key, components, connectivity, last_heartbeat_at, offline_since, code_created_by, enrolled_at,
            version, updated_at)
          VALUES (${d.id}, ${tx.clinicId}, ${d.kind}, ${d.state}, ${d.name}, ${d.hostname}, ${d.machineId},
            ${d.agentVersion}, ${d.publicKey}, ${JSON.stringify(d.components)}::jsonb, ${d.connectivity},
            ${d.lastHeartbeatAt}, ${d.offlineSince}, ${d.codeCreatedBy}, ${d.enrolledAt}, ${d.version}, ${d.updatedAt})`,
    );
  }

  /** Names a live device; its version after the change, or null when it is gone. */
  async rename(tx: Tx, id: string, name: string, at: Date): Promise<number | null> {
    const row = await tx.maybeOne(
      sql`UPDATE ${raw(S)}.devices SET name = ${name}, state = 'active', version = version + 1, updated_at = ${at}
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid AND state <> 'removed' RETURNING version`,
      z.object({ version: z.coerce.number() }),
    );
    return row?.version ?? null;
  }

  async remove(tx: Tx, id: string, by: string | null, at: Date): Promise<number | null> {
    const row = await tx.maybeOne(
      sql`UPDATE ${raw(S)}.devices SET state = 'removed', removed_at = ${at}, removed_by = ${by},
             version = version + 1, updated_at = ${at}
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid AND state <> 'removed' RETURNING version`,
      z.object({ version: z.coerce.number() }),
    );
    return row?.version ?? null;
  }

  /** Tells every replica (on commit) that the device is gone: its open streams end. */
  async signalRemoved(tx: Tx, id: string): Promise<void> {
    await tx.execute(sql`SELECT pg_notify('device_registry_removed', ${id})`);
  }

  /** A heartbeat: version, components, online; the version after it. */
  async recordHeartbeat(
    tx: Tx,
    id: string,
    agentVersion: string,
    components: ComponentStatusEntry[],
    at: Date,
    bumpVersion: boolean,
  ): Promise<number> {
    const row = await tx.one(
      sql`UPDATE ${raw(S)}.devices SET agent_version = ${agentVersion}, components = ${JSON.stringify(components)}::jsonb,
             connectivity = 'online', last_heartbeat_at = ${at}, offline_since = NULL, offline_alerted_at = NULL,
             version = version + ${bumpVersion ? 1 : 0}, updated_at = ${at}
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid RETURNING version`,
      z.object({ version: z.coerce.number() }),
      { prepared: true },
    );
    return row.version;
  }

  /** The clinic's devices among `ids`, locked in id order (one statement for a heartbeat batch). */
  async findManyForUpdate(tx: Tx, ids: string[]): Promise<Device[]> {
    return tx.rows(
      sql`SELECT ${COLUMNS} FROM ${raw(S)}.devices
           WHERE clinic_id = ${tx.clinicId} AND id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`,
      DeviceRow,
    );
  }

  /** A batch of heartbeats as one multi-row update; answers each device's version after it. */
  async recordHeartbeats(
    tx: Tx,
    beats: { id: string; agentVersion: string; components: ComponentStatusEntry[]; bumpVersion: boolean }[],
    at: Date,
  ): Promise<Map<string, number>> {
    const rows = await tx.rows(
      sql`UPDATE ${raw(S)}.devices d SET agent_version = i.agent_version, components = i.components::jsonb,
             connectivity = 'online', last_heartbeat_at = ${at}, offline_since = NULL, offline_alerted_at = NULL,
             version = d.version + i.bump, updated_at = ${at}
           FROM unnest(${beats.map((b) => b.id)}::uuid[], ${beats.map((b) => b.agentVersion)}::text[],
                       ${beats.map((b) => JSON.stringify(b.components))}::text[],
                       ${beats.map((b) => (b.bumpVersion ? 1 : 0))}::int[]) AS i(id, agent_version, components, bump)
           WHERE d.clinic_id = ${tx.clinicId} AND d.id = i.id RETURNING d.id, d.version`,
      z.object({ id: z.string(), version: z.coerce.number() }),
    );
    return new Map(rows.map((r) => [r.id, r.version]));
  }

  /** Offline, when it is still online and silent since before `cutoff` (one replica wins). */
  async markOffline(tx: Tx, id: string, cutoff: Date, at: Date): Promise<Device | null> {
    const row = await tx.maybeOne(
      sql`UPDATE ${raw(S)}.devices SET connectivity = 'offline', offline_since = last_heartbeat_at,
             version = version + 1, updated_at = ${at}
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid AND connectivity = 'online'
             AND state <> 'removed' AND last_heartbeat_at < ${cutoff}
           RETURNING ${COLUMNS}`,
      DeviceRow,
    );
    return row ?? null;
  }

  /** Marks the offline alert raised, once per offline period (one replica wins). */
  async markAlerted(tx: Tx, id: string, cutoff: Date, at: Date): Promise<Device | null> {
    const row = await tx.maybeOne(
      sql`UPDATE ${raw(S)}.devices SET offline_alerted_at = ${at}, updated_at = ${at}, version = version + 1
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid AND connectivity = 'offline'
             AND offline_alerted_at IS NULL AND state <> 'removed' AND offline_since < ${cutoff}
           RETURNING ${COLUMNS}`,
      DeviceRow,
    );
    return row ?? null;
  }

  /** The device behind an agent's token, whatever its clinic (owner-run function). */
  async identity(tx: Transaction, id: string): Promise<DeviceIdentity | null> {
    const row = await tx.maybeOne(
      sql`SELECT clinic_id AS "clinicId", public_key AS "publicKey", state, kind
            FROM ${raw(S)}.device_identity(${id}::uuid)`,
      IdentityRow,
      { prepared: true },
    );
    return row ? { deviceId: id, ...row } : null;
  }

  async missingHeartbeats(tx: Transaction, cutoff: Date, limit: number) {
    return tx.rows(
      sql`SELECT id, clinic_id AS "clinicId" FROM ${raw(S)}.devices_missing_heartbeats(${cutoff}, ${limit})`,
      Due,
    );
  }

  async dueOfflineAlerts(tx: Transaction, cutoff: Date, limit: number) {
    return tx.rows(
      sql`SELECT id, clinic_id AS "clinicId" FROM ${raw(S)}.devices_due_offline_alert(${cutoff}, ${limit})`,
      Due,
    );
  }

  async countByConnectivity(tx: Transaction): Promise<Record<string, number>> {
    const rows = await tx.rows(
      sql`SELECT connectivity, devices FROM ${raw(S)}.devices_by_connectivity()`,
      z.object({ connectivity: z.string(), devices: z.coerce.number() }),
    );
    return Object.fromEntries(rows.map((r) => [r.connectivity, r.devices]));
  }
}

import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevIssuer } from '@carebus/auth';
import { RegistryProcess } from './registry-process';
import {
  createTestDatabase,
  freePort,
  newTopicSuffix,
  repoRoot,
  testKafkaEnv,
  type TestDatabase,
} from '@carebus/testing';

const DIST = join(repoRoot(), 'services/device-registry/dist');

export interface RegistrySettings {
  heartbeatMs?: number;
  missedHeartbeats?: number;
  offlineAlertMs?: number;
  sweepMs?: number;
}

/** A clinic in the world: its admin and staff tokens. */
export interface TestClinic {
  clinicId: string;
  admin: string;
  staff: string;
  practitioner: string;
  practitionerId: string;
}

/**
 * A fresh device-registry for one test file, as it runs in production: its own database (migrated
 * by the built migrate.js), its own Kafka topics, the built main.js as a child process, and a dev
 * token issuer. Agents dial its gRPC port; tests speak REST to it.
 */
export class RegistryWorld {
  db!: TestDatabase;
  issuer!: DevIssuer;
  service!: RegistryProcess;
  grpcPort = 0;
  readonly suffix = newTopicSuffix();
  readonly topics = {
    device: `test.${this.suffix}.devices.device.v1`,
    command: `test.${this.suffix}.devices.command.v1`,
  };
  private readonly dirs: string[] = [];

  get api(): string {
    return `grpc://127.0.0.1:${this.grpcPort}`;
  }

  async start(settings: RegistrySettings = {}): Promise<this> {
    this.db = await createTestDatabase();
    this.issuer = await DevIssuer.start({ port: 0 });
    const migrate = spawnSync(process.execPath, [join(DIST, 'migrate.js')], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: this.db.url('carebus_device_registry_app'),
        DATABASE_MIGRATION_URL: this.db.url('carebus_device_registry'),
        ...testKafkaEnv(),
        AUTH_ISSUER: this.issuer.issuer,
        AUTH_JWKS_URL: this.issuer.jwksUrl,
      },
      encoding: 'utf8',
    });
    if (migrate.status !== 0) throw new Error(`migrate.js failed: ${migrate.stderr}${migrate.stdout}`);
    this.grpcPort = await freePort();
    this.service = await RegistryProcess.start(join(DIST, 'main.js'), await freePort(), {
      DATABASE_URL: this.db.url('carebus_device_registry_app'),
      ...testKafkaEnv(),
      KAFKA_CLIENT_ID: `device-registry-${this.suffix}`,
      AUTH_ISSUER: this.issuer.issuer,
      AUTH_JWKS_URL: this.issuer.jwksUrl,
      AUTH_AUDIENCE: 'carebus',
      GRPC_PORT: String(this.grpcPort),
      DEVICE_REGISTRY_SEAL_KEY: randomBytes(32).toString('base64'),
      DEVICE_REGISTRY_HEARTBEAT_INTERVAL_MS: String(settings.heartbeatMs ?? 1_000),
      DEVICE_REGISTRY_MISSED_HEARTBEATS: String(settings.missedHeartbeats ?? 3),
      DEVICE_REGISTRY_OFFLINE_ALERT_MS: String(settings.offlineAlertMs ?? 300_000),
      DEVICE_REGISTRY_SWEEP_INTERVAL_MS: String(settings.sweepMs ?? 250),
      DEVICE_REGISTRY_DEVICE_TOPIC: this.topics.device,
      DEVICE_REGISTRY_COMMAND_TOPIC: this.topics.command,
      LOG_LEVEL: 'info',
    });
    return this;
  }

  async stop(): Promise<void> {
    await this.service?.stop();
    await this.issuer?.stop();
    await this.db?.drop();
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }

  /** A throwaway state directory for one agent, removed with the world. */
  stateDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'carebus-agent-'));
    this.dirs.push(dir);
    return join(dir, 'state');
  }

  async newClinic(): Promise<TestClinic> {
    const clinicId = randomUUID();
    const practitionerId = randomUUID();
    return {
      clinicId,
      admin: await this.issuer.mint({ sub: randomUUID(), clinicId, roles: ['clinic_admin'] }),
      staff: await this.issuer.mint({ sub: randomUUID(), clinicId, roles: ['staff'] }),
      practitioner: await this.issuer.mint({ sub: practitionerId, clinicId, roles: ['practitioner'] }),
      practitionerId,
    };
  }

  async rest<T = Record<string, unknown>>(
    token: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.service.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  async enrolmentCode(clinic: TestClinic, kind: 'workstation' | 'clinic_device'): Promise<string> {
    const created = await this.rest<{ code: string }>(clinic.admin, 'POST', '/v1/enrolment-codes', { kind });
    if (created.status !== 201)
      throw new Error(`enrolment code: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.code;
  }

  async device(token: string, deviceId: string): Promise<DeviceView> {
    const found = await this.rest<DeviceView>(token, 'GET', `/v1/devices/${deviceId}`);
    if (found.status !== 200)
      throw new Error(`device ${deviceId}: ${found.status} ${JSON.stringify(found.body)}`);
    return found.body;
  }

  async devices(token: string, query = '', headers: Record<string, string> = {}): Promise<DeviceView[]> {
    const found = await this.rest<{ items: DeviceView[] }>(
      token,
      'GET',
      `/v1/devices${query}`,
      undefined,
      headers,
    );
    if (found.status !== 200) throw new Error(`devices: ${found.status} ${JSON.stringify(found.body)}`);
    return found.body.items;
  }

  async sendPayment(
    token: string,
    deviceId: string,
    amountMinor: number,
    options: { deadlineSeconds?: number; idempotencyId?: string } = {},
  ): Promise<{ status: number; body: { commandId: string; status: string } }> {
    return this.rest(token, 'POST', `/v1/devices/${deviceId}/commands`, {
      kind: 'payment',
      idempotencyId: options.idempotencyId ?? randomUUID(),
      ...(options.deadlineSeconds ? { deadlineSeconds: options.deadlineSeconds } : {}),
      payment: { amountMinor, currency: 'NOK', reference: `INV-${amountMinor}` },
    });
  }

  async command(token: string, commandId: string): Promise<{ status: number; body: CommandView }> {
    return this.rest<CommandView>(token, 'GET', `/v1/device-commands/${commandId}`);
  }
}

export interface DeviceView {
  id: string;
  kind: string;
  state: string;
  name: string | null;
  hostname: string;
  computer: string;
  connectivity: string;
  components: { name: string; state: string; reason: string }[];
  agentVersion: string;
  onThisComputer: boolean;
}

export interface CommandView {
  commandId?: string;
  id?: string;
  status: string;
  result?: Record<string, unknown> | null;
  payment?: Record<string, unknown> | null;
}

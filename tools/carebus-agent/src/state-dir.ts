import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentKind } from './agent-kind';
import { createPublicKey, createPrivateKey } from 'node:crypto';
import { loadDeviceKey, type DeviceKey } from './device-key';

/** What enrolment established: who this agent is and where its registry lives (no secrets). */
export interface AgentIdentity {
  deviceId: string;
  clinicId: string;
  kind: AgentKind;
  /** The registry's gRPC address; a state directory seeded elsewhere may leave it to --api. */
  api?: string;
  hostname?: string;
  enrolledAt?: string;
}

/**
 * The agent's state directory: device.json, the private key (device-key.pem, mode 0600) and
 * the SQLite database of results still to report and the components' execution logs.
 */
export class StateDir {
  constructor(readonly path: string) {}

  get keyFile(): string {
    return join(this.path, 'device-key.pem');
  }

  get identityFile(): string {
    return join(this.path, 'device.json');
  }

  /** The demo seed's form (tools/dev/seed-devices.cjs): identity and private key in one file, mode 0600. */
  get seededIdentityFile(): string {
    return join(this.path, 'identity.json');
  }

  get databaseFile(): string {
    return join(this.path, 'agent.sqlite');
  }

  isEnrolled(): boolean {
    return existsSync(this.identityFile) || existsSync(this.seededIdentityFile);
  }

  create(): void {
    mkdirSync(this.path, { recursive: true, mode: 0o700 });
  }

  saveIdentity(identity: AgentIdentity): void {
    writeFileSync(this.identityFile, `${JSON.stringify(identity, null, 2)}\n`, { mode: 0o644 });
  }

  loadIdentity(): AgentIdentity {
    if (!this.isEnrolled())
      throw new Error(`${this.path} holds no enrolled agent; run carebus-agent enrol first`);
    const raw = this.rawIdentity();
    const deviceId = raw.deviceId ?? raw.device_id;
    if (!deviceId) throw new Error(`${this.identityFile} names no device id`);
    const kind = (raw.kind ?? '').replace('_', '-');
    return {
      deviceId,
      clinicId: raw.clinicId ?? raw.clinic_id ?? '',
      kind: kind === 'workstation' || kind === 'clinic-device' ? kind : 'workstation',
      ...(raw.api ? { api: raw.api } : raw.registry ? { api: `grpc://${raw.registry}` } : {}),
      ...(raw.hostname ? { hostname: raw.hostname } : {}),
      ...(raw.enrolledAt ? { enrolledAt: raw.enrolledAt } : {}),
    };
  }

  loadKey(): DeviceKey {
    if (existsSync(this.keyFile)) return loadDeviceKey(this.keyFile);
    const pem = this.rawIdentity().privateKeyPem;
    if (!pem) throw new Error(`${this.path} holds no private key`);
    const privateKey = createPrivateKey(pem);
    return { privateKey, publicKey: createPublicKey(privateKey) };
  }

  /** device.json (the CLI's), else identity.json (the demo seed's; snake_case accepted too). */
  private rawIdentity(): Record<string, string | undefined> {
    const file = existsSync(this.identityFile) ? this.identityFile : this.seededIdentityFile;
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string | undefined>;
  }
}

import {
  credentials,
  loadPackageDefinition,
  Metadata,
  type Client,
  type ClientReadableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { repoRoot } from '@carebus/testing';

type Callback<T> = (error: ServiceError | null, value: T) => void;
type Unary = (request: unknown, metadata: Metadata, callback: Callback<Record<string, unknown>>) => void;
interface AgentServiceClient extends Client {
  Enrol(request: unknown, callback: Callback<Record<string, unknown>>): void;
  Heartbeat: Unary;
  AcknowledgeDelivery: Unary;
  ReportResult: Unary;
  ReceiveCommands(
    request: unknown,
    metadata: Metadata,
  ): ClientReadableStream<{ command: Record<string, unknown> }>;
}

function loadClientConstructor() {
  const root = join(repoRoot(), 'proto');
  const definition = loadSync(join(root, 'carebus/devices/v1/agent_service.proto'), {
    includeDirs: [root],
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = loadPackageDefinition(definition) as unknown as {
    carebus: {
      devices: { v1: { AgentService: new (address: string, creds: unknown) => AgentServiceClient } };
    };
  };
  return pkg.carebus.devices.v1.AgentService;
}

/** The error code of a refused call (`error-code` trailer). */
export const errorCodeOf = (error: unknown): string | undefined => {
  const value = (error as ServiceError | undefined)?.metadata?.get('error-code')[0];
  return typeof value === 'string' ? value : undefined;
};

export interface AgentOptions {
  kind: 'workstation' | 'clinic-device';
  hostname?: string;
  machineId?: string;
  clinicId?: string;
}

/**
 * A small agent speaking the real protocol over a real socket, for the service's own tests: its
 * own Ed25519 key pair, enrolment, signed tokens, heartbeats and the command stream.
 */
export class TestAgent {
  readonly client: AgentServiceClient;
  readonly privateKey: KeyObject;
  readonly publicKeySpki: string;
  deviceId = '';

  constructor(
    address: string,
    readonly options: AgentOptions,
  ) {
    const Ctor = loadClientConstructor();
    this.client = new Ctor(address, credentials.createInsecure());
    const pair = generateKeyPairSync('ed25519');
    this.privateKey = pair.privateKey;
    this.publicKeySpki = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  }

  enrol(code: string, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) =>
      this.client.Enrol(
        {
          enrolmentCode: code,
          kind: this.options.kind === 'workstation' ? 'AGENT_KIND_WORKSTATION' : 'AGENT_KIND_CLINIC_DEVICE',
          publicKey: this.publicKeySpki,
          hostname: this.options.hostname ?? `host-${randomUUID().slice(0, 8)}`,
          agentVersion: '1.0.0',
          machineId: this.options.machineId ?? randomUUID(),
          clinicId: this.options.clinicId ?? '',
          ...overrides,
        },
        (error, response) => {
          if (error) return reject(error);
          this.deviceId = response.deviceId as string;
          resolve(response);
        },
      ),
    );
  }

  /** A fresh device token (or a computer proof with that audience). */
  async token(audience = 'carebus-device-registry', lifetimeS = 120, sub = this.deviceId): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject(sub)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + lifetimeS)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }

  async metadata(token?: string): Promise<Metadata> {
    const metadata = new Metadata();
    metadata.set('authorization', `Device ${token ?? (await this.token())}`);
    return metadata;
  }

  private async unary(
    method: 'Heartbeat' | 'AcknowledgeDelivery' | 'ReportResult',
    request: unknown,
    token?: string,
  ) {
    const metadata = await this.metadata(token);
    return new Promise<Record<string, unknown>>((resolve, reject) =>
      this.client[method](request, metadata, (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
  }

  heartbeat(components: { name: string; state: string; reason?: string }[] = [], token?: string) {
    return this.unary(
      'Heartbeat',
      { agentVersion: '1.0.0', components: components.map((c) => ({ reason: '', ...c })) },
      token,
    );
  }

  acknowledge(commandId: string) {
    return this.unary('AcknowledgeDelivery', { commandId });
  }

  report(request: Record<string, unknown>) {
    return this.unary('ReportResult', request);
  }

  async openStream(): Promise<ClientReadableStream<{ command: Record<string, unknown> }>> {
    return this.client.ReceiveCommands({ components: [] }, await this.metadata());
  }

  close(): void {
    this.client.close();
  }
}

/** The `error-code` a call was refused with; fails the test when it was not refused. */
export async function refusalOf(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
  } catch (error) {
    return errorCodeOf(error) ?? `no error-code (${(error as Error).message})`;
  }
  throw new Error('the call was expected to be refused, and it succeeded');
}

import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import {
  Metadata,
  Server,
  ServerCredentials,
  status,
  loadPackageDefinition,
  type ServerWritableStream,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { jwtVerify } from 'jose';
import { repoRoot } from '@carebus/testing';

interface FakeCommand {
  commandId: string;
  idempotencyId: string;
  kind: string;
  component: string;
  deadline: { seconds: string; nanos: number };
  payment?: { amountMinor: string; currency: string; reference: string };
  status:
    | 'COMMAND_STATUS_CREATED'
    | 'COMMAND_STATUS_DELIVERED'
    | 'COMMAND_STATUS_COMPLETED'
    | 'COMMAND_STATUS_FAILED';
  deliveries: number;
  reports: number;
  result?: unknown;
}

type Call = { request: Record<string, unknown>; metadata: Metadata };
type Callback = (
  error: { code: number; details: string; metadata?: Metadata } | null,
  response?: unknown,
) => void;

/**
 * The registry's side of carebus.devices.v1.AgentService, kept in memory: enough to watch one
 * agent process's behaviour on the wire (tokens verified against the enrolled key, at-least-once
 * redelivery until acknowledged, first result recorded, later ones ignored).
 */
export class FakeRegistry {
  readonly codes = new Set<string>();
  readonly keys = new Map<string, KeyObject>();
  readonly heartbeats: { deviceId: string; components: unknown[] }[] = [];
  readonly commands = new Map<string, FakeCommand>();
  private readonly streams = new Map<string, ServerWritableStream<unknown, unknown>>();
  private server = new Server();
  port = 0;

  async start(): Promise<string> {
    const root = join(repoRoot(), 'proto');
    const definition = loadSync(join(root, 'carebus/devices/v1/agent_service.proto'), {
      includeDirs: [root],
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    const pkg = loadPackageDefinition(definition) as unknown as {
      carebus: { devices: { v1: { AgentService: { service: ServiceDefinition } } } };
    };
    this.server.addService(pkg.carebus.devices.v1.AgentService.service, {
      Enrol: (call: Call, cb: Callback) => this.enrol(call, cb),
      Heartbeat: (call: Call, cb: Callback) =>
        void this.device(call)
          .then((deviceId) => {
            this.heartbeats.push({ deviceId, components: call.request.components as unknown[] });
            cb(null, {
              heartbeatInterval: { seconds: '1', nanos: 0 },
              state: 'DEVICE_STATE_ACTIVE',
              name: '',
            });
          })
          .catch((e: Error) => cb(refusal(e.message))),
      ReceiveCommands: (call: ServerWritableStream<unknown, unknown> & Call) =>
        void this.device(call)
          .then((deviceId) => {
            this.streams.set(deviceId, call);
            call.on('cancelled', () => this.streams.get(deviceId) === call && this.streams.delete(deviceId));
            for (const command of this.commands.values())
              if (command.status === 'COMMAND_STATUS_CREATED') this.push(command);
          })
          .catch((e: Error) => call.destroy(Object.assign(new Error(e.message), refusal(e.message)))),
      AcknowledgeDelivery: (call: Call, cb: Callback) =>
        void this.device(call).then(() => {
          const command = this.commands.get(call.request.commandId as string)!;
          if (command.status === 'COMMAND_STATUS_CREATED') command.status = 'COMMAND_STATUS_DELIVERED';
          cb(null, { status: command.status });
        }),
      ReportResult: (call: Call, cb: Callback) =>
        void this.device(call).then(() => {
          const command = this.commands.get(call.request.commandId as string)!;
          command.reports += 1;
          const recorded = command.result === undefined;
          if (recorded) {
            command.result = call.request;
            command.status =
              call.request.outcome === 'COMMAND_OUTCOME_COMPLETED'
                ? 'COMMAND_STATUS_COMPLETED'
                : 'COMMAND_STATUS_FAILED';
          }
          cb(null, { recorded, status: command.status });
        }),
    });
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, port) =>
        e ? reject(e) : resolve(port),
      ),
    );
    return `grpc://127.0.0.1:${this.port}`;
  }

  stop(): void {
    this.server.forceShutdown();
  }

  newCode(): string {
    const code = randomUUID();
    this.codes.add(code);
    return code;
  }

  send(amountMinor: number, deadlineMs = 60_000): FakeCommand {
    const command: FakeCommand = {
      commandId: randomUUID(),
      idempotencyId: randomUUID(),
      kind: 'COMMAND_KIND_PAYMENT',
      component: 'payment-terminal',
      deadline: { seconds: String(Math.floor((Date.now() + deadlineMs) / 1000)), nanos: 0 },
      payment: { amountMinor: String(amountMinor), currency: 'NOK', reference: 'INV-1' },
      status: 'COMMAND_STATUS_CREATED',
      deliveries: 0,
      reports: 0,
    };
    this.commands.set(command.commandId, command);
    this.push(command);
    return command;
  }

  private push(command: FakeCommand): void {
    for (const stream of this.streams.values()) {
      command.deliveries += 1;
      stream.write({ command: { ...command, deliveryAttempt: command.deliveries } });
    }
  }

  private enrol(call: Call, cb: Callback): void {
    const code = call.request.enrolmentCode as string;
    if (!this.codes.delete(code)) return cb({ code: status.NOT_FOUND, details: 'unknown code' });
    const deviceId = randomUUID();
    this.keys.set(
      deviceId,
      createPublicKey({
        key: Buffer.from(call.request.publicKey as string, 'base64'),
        format: 'der',
        type: 'spki',
      }),
    );
    cb(null, {
      deviceId,
      clinicId: randomUUID(),
      kind: call.request.kind,
      state: 'DEVICE_STATE_ACTIVE',
      heartbeatInterval: { seconds: '1', nanos: 0 },
    });
  }

  private async device(call: Call): Promise<string> {
    const header = String(call.metadata.get('authorization')[0] ?? '');
    const token = header.replace(/^Device /, '');
    const sub = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}') as {
      sub?: string;
    };
    const key = sub.sub ? this.keys.get(sub.sub) : undefined;
    if (!key) throw new Error('devices.device_unknown');
    await jwtVerify(token, key, { audience: 'carebus-device-registry' });
    return sub.sub!;
  }
}

function refusal(code: string) {
  const metadata = new Metadata();
  metadata.set('error-code', code);
  return { code: status.UNAUTHENTICATED, details: code, metadata };
}

import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  Metadata,
  Server,
  ServerCredentials,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { loadPackageDefinition } from '@grpc/grpc-js';
import { join } from 'node:path';
import { describeError, DomainError, GRPC_STATUS, translateError } from '@carebus/errors';
import { deviceRemoved, invalidRequest } from '../device-registry.errors';
import { AgentCommandsUseCase } from '../commands/agent-commands.use-case';
import { DeviceSignals } from '../devices/device-signals';
import { DEVICE_SETTINGS, type DeviceSettings } from '../devices/device-settings';
import { EnrolDeviceUseCase } from '../enrolment/enrol-device.use-case';
import { RecordHeartbeatUseCase } from '../heartbeats/record-heartbeat.use-case';
import { AgentStreams, type AgentStream } from './agent-streams';
import { DeviceAuthenticator, type AgentCaller } from './device-authenticator';
import { DEVICE_TOKEN_AUDIENCE, MAX_TOKEN_LIFETIME_S } from './device-token';
import {
  commandMessage,
  commandStatusProto,
  componentsOf,
  kindOf,
  kindProto,
  reportOf,
  stateProto,
  toDuration,
} from './grpc-messages';

/** proto/ of the repository (src/agent-grpc and dist/agent-grpc are both four levels below it). */
export const PROTO_ROOT = process.env.CAREBUS_PROTO_ROOT ?? join(__dirname, '../../../../proto');

const UNAUTHENTICATED = 16;

function loadAgentService() {
  const definition = loadSync(join(PROTO_ROOT, 'carebus/devices/v1/agent_service.proto'), {
    includeDirs: [PROTO_ROOT],
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = loadPackageDefinition(definition) as unknown as {
    carebus: { devices: { v1: { AgentService: { service: Parameters<Server['addService']>[0] } } } };
  };
  return pkg.carebus.devices.v1.AgentService.service;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function grpcError(error: unknown): { code: number; details: string; metadata: Metadata } {
  const domain: DomainError = translateError(error);
  const metadata = new Metadata();
  metadata.set('error-code', domain.code);
  return { code: GRPC_STATUS[domain.kind], details: domain.message, metadata };
}

/**
 * The agent protocol (`carebus.devices.v1.AgentService`) on its own port, with @grpc/grpc-js
 * directly: device tokens are checked here (not the users' bearer guard), and the service keeps
 * each device's open command stream so a removal or a new command reaches it at once.
 */
@Injectable()
export class AgentGrpcServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AgentGrpc');
  private server: Server | null = null;
  private boundPort = 0;
  private readonly unsubscribe: (() => void)[] = [];
  private redelivery: NodeJS.Timeout | null = null;

  constructor(
    private readonly auth: DeviceAuthenticator,
    private readonly enrol: EnrolDeviceUseCase,
    private readonly heartbeats: RecordHeartbeatUseCase,
    private readonly commands: AgentCommandsUseCase,
    private readonly streams: AgentStreams,
    private readonly signals: DeviceSignals,
    @Inject(DEVICE_SETTINGS) private readonly settings: DeviceSettings,
  ) {}

  /** The port agents dial (the bound one when configured as 0). */
  get port(): number {
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe.push(
      this.signals.on('command', (deviceId) => this.streams.get(deviceId)?.pump()),
      this.signals.on('removed', (deviceId) => void this.endIfRemoved(deviceId)),
      this.signals.on('resync', () => this.streams.all().forEach((s) => s.pump())),
    );
    // One timer for every stream: a command acknowledged here without a result for longer than the
    // redelivery delay is re-sent on its device's stream.
    this.redelivery = setInterval(
      () => {
        for (const stream of this.streams.overdue(Date.now() - this.settings.commandRedeliveryMs))
          stream.pump();
      },
      Math.min(this.settings.sweepIntervalMs, this.settings.commandRedeliveryMs),
    );
    this.redelivery.unref();
    const server = new Server({ 'grpc.keepalive_time_ms': 30_000, 'grpc.keepalive_timeout_ms': 10_000 });
    server.addService(loadAgentService(), this.handlers());
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(
        `0.0.0.0:${this.settings.grpcPort}`,
        ServerCredentials.createInsecure(),
        (error, port) => (error ? reject(error) : resolve(port)),
      ),
    );
    this.server = server;
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe.forEach((off) => off());
    if (this.redelivery) clearInterval(this.redelivery);
    for (const stream of this.streams.all())
      stream.end(14, 'devices.shutting_down', 'The service is shutting down.');
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 2_000);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  private async endIfRemoved(deviceId: string): Promise<void> {
    const stream = this.streams.get(deviceId);
    if (!stream) return;
    try {
      if (await this.auth.isLive(deviceId)) return;
    } catch (error) {
      this.logger.warn({ err: describeError(error) }, 'checking a removed device failed');
    }
    const removed = deviceRemoved();
    stream.end(UNAUTHENTICATED, removed.code, removed.message);
  }

  private caller(call: { metadata: Metadata }): Promise<AgentCaller> {
    const value = call.metadata.get('authorization')[0];
    return this.auth.authenticate(typeof value === 'string' ? value : undefined);
  }

  private unary<Req, Res>(work: (req: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>) {
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      work(call.request, call).then(
        (response) => callback(null, response),
        (error: unknown) => {
          if (!(error instanceof DomainError))
            this.logger.error({ err: describeError(error) }, 'agent call failed');
          callback(grpcError(error));
        },
      );
    };
  }

  private handlers(): UntypedServiceImplementation {
    return {
      Enrol: this.unary(async (req: Record<string, unknown>) => {
        const { device } = await this.enrol.execute({
          enrolmentCode: str(req.enrolmentCode),
          kind: kindOf(req.kind),
          publicKey: str(req.publicKey),
          hostname: str(req.hostname),
          agentVersion: str(req.agentVersion),
          machineId: str(req.machineId),
          clinicId: str(req.clinicId),
        });
        return {
          deviceId: device.id,
          clinicId: device.clinicId,
          kind: kindProto(device.kind),
          state: stateProto(device),
          tokenAudience: DEVICE_TOKEN_AUDIENCE,
          heartbeatInterval: toDuration(this.settings.heartbeatIntervalMs),
          maxTokenLifetime: toDuration(MAX_TOKEN_LIFETIME_S * 1000),
        };
      }),
      Heartbeat: this.unary(async (req: Record<string, unknown>, call) => {
        const caller = await this.caller(call);
        const version = str(req.agentVersion).trim();
        if (version.length === 0 || version.length > 64)
          throw invalidRequest('agent_version', '1 to 64 characters');
        const device = await this.heartbeats.execute(
          caller,
          version,
          componentsOf(req.components as Parameters<typeof componentsOf>[0]),
        );
        return {
          heartbeatInterval: toDuration(this.settings.heartbeatIntervalMs),
          state: stateProto(device),
          name: device.name ?? '',
        };
      }),
      AcknowledgeDelivery: this.unary(async (req: Record<string, unknown>, call) => {
        const caller = await this.caller(call);
        const id = uuidField('command_id', req.commandId);
        const status = await this.commands.acknowledge(caller, id);
        const stream = this.streams.get(caller.deviceId);
        stream?.sent.delete(id);
        if (status === 'delivered') stream?.awaiting.set(id, Date.now());
        return { status: commandStatusProto(status) };
      }),
      ReportResult: this.unary(async (req: Record<string, unknown>, call) => {
        const caller = await this.caller(call);
        const report = reportOf(req);
        report.commandId = uuidField('command_id', report.commandId);
        report.idempotencyId = uuidField('idempotency_id', report.idempotencyId);
        const answer = await this.commands.report(caller, report);
        const stream = this.streams.get(caller.deviceId);
        stream?.sent.delete(report.commandId);
        stream?.awaiting.delete(report.commandId);
        return { recorded: answer.recorded, status: commandStatusProto(answer.status) };
      }),
      ReceiveCommands: (call: ServerWritableStream<unknown, unknown>) => void this.receiveCommands(call),
    };
  }

  private async receiveCommands(call: ServerWritableStream<unknown, unknown>): Promise<void> {
    let caller: AgentCaller;
    try {
      caller = await this.caller(call);
    } catch (error) {
      call.emit('error', grpcError(error));
      return;
    }
    let ended = false;
    let pumping = false;
    let again = false;
    const stream: AgentStream = {
      deviceId: caller.deviceId,
      sent: new Set(),
      awaiting: new Map(),
      end: (code, errorCode, message) => {
        if (ended) return;
        ended = true;
        this.streams.close(stream);
        const metadata = new Metadata();
        metadata.set('error-code', errorCode);
        call.emit('error', { code, details: message, metadata });
      },
      pump: () => {
        if (ended) return;
        if (pumping) {
          again = true;
          return;
        }
        pumping = true;
        void (async () => {
          do {
            again = false;
            try {
              const waiting = await this.commands.takeUnacknowledged(caller, 100, [...stream.sent]);
              for (const outgoing of waiting) {
                if (ended) return;
                stream.sent.add(outgoing.command.id);
                stream.awaiting.delete(outgoing.command.id);
                call.write(commandMessage(outgoing));
              }
              if (waiting.length === 100) again = true;
            } catch (error) {
              if (error instanceof DomainError && error.kind === 'unauthenticated') {
                stream.end(UNAUTHENTICATED, error.code, error.message);
                return;
              }
              this.logger.warn({ err: describeError(error) }, 'sending commands failed');
            }
          } while (again && !ended);
          pumping = false;
        })();
      },
    };
    call.on('cancelled', () => {
      ended = true;
      this.streams.close(stream);
    });
    call.on('close', () => {
      ended = true;
      this.streams.close(stream);
    });
    this.streams.open(stream);
    stream.pump();
  }
}

function uuidField(field: string, value: unknown): string {
  const text = str(value).toLowerCase();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text)) {
    throw invalidRequest(field, 'must be a UUID');
  }
  return text;
}

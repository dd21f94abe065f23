import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import {
  credentials,
  loadPackageDefinition,
  Metadata,
  status as GrpcStatus,
  type Client,
  type ClientReadableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** proto/ of the repository (src/ and dist/ are both three levels below it). */
export const PROTO_ROOT = process.env.CAREBUS_PROTO_ROOT ?? join(__dirname, '../../../proto');

/** A refusal from the registry: the gRPC status and the stable Carebus code of the `error-code` trailer. */
export class RegistryError extends Error {
  constructor(
    readonly grpcCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** The device was removed or is unknown: retrying cannot help; the agent must be enrolled again. */
  get deviceGone(): boolean {
    return this.code === 'devices.device_removed' || this.code === 'devices.device_unknown';
  }
}

type Unary = (
  request: unknown,
  metadata: Metadata,
  options: { deadline: Date },
  callback: (error: ServiceError | null, response: never) => void,
) => void;
type AgentServiceClient = Client & {
  Enrol: Unary;
  Heartbeat: Unary;
  AcknowledgeDelivery: Unary;
  ReportResult: Unary;
  ReceiveCommands: (request: unknown, metadata: Metadata) => ClientReadableStream<{ command: unknown }>;
};

/** `grpc://host:port` or `host:port` in clear, `grpcs://host:port` over TLS (system roots or caFile). */
export function channelFor(api: string, caFile?: string): { address: string; tls: boolean; caFile?: string } {
  const match = /^(grpcs?):\/\/(.+)$/.exec(api);
  const tls = match?.[1] === 'grpcs';
  return { address: match ? match[2]!.replace(/\/$/, '') : api, tls, ...(caFile ? { caFile } : {}) };
}

export function toRegistryError(error: unknown): RegistryError | Error {
  const e = error as Partial<ServiceError>;
  if (typeof e?.code !== 'number') return error instanceof Error ? error : new Error(String(error));
  const code = e.metadata?.get('error-code')[0];
  return new RegistryError(
    e.code,
    typeof code === 'string' ? code : `grpc.${GrpcStatus[e.code] ?? e.code}`,
    e.details ?? e.message ?? '',
  );
}

/**
 * The agent's side of carebus.devices.v1.AgentService. Every call but Enrol carries
 * `authorization: Device <jws>` from `token()`, signed anew for each call.
 */
export class RegistryClient {
  private readonly client: AgentServiceClient;
  private readonly callTimeoutMs: number;

  constructor(
    api: string,
    private readonly token: () => Promise<string>,
    options: {
      caFile?: string;
      callTimeoutMs?: number;
      channelOptions?: Record<string, string | number>;
    } = {},
  ) {
    const definition = loadSync(join(PROTO_ROOT, 'carebus/devices/v1/agent_service.proto'), {
      includeDirs: [PROTO_ROOT],
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    const pkg = loadPackageDefinition(definition) as unknown as {
      carebus: {
        devices: {
          v1: { AgentService: new (address: string, creds: unknown, options?: object) => AgentServiceClient };
        };
      };
    };
    const channel = channelFor(api, options.caFile);
    const creds = channel.tls
      ? credentials.createSsl(channel.caFile ? readFileSync(channel.caFile) : null)
      : credentials.createInsecure();
    this.client = new pkg.carebus.devices.v1.AgentService(channel.address, creds, {
      'grpc.keepalive_time_ms': 20_000,
      'grpc.keepalive_timeout_ms': 10_000,
      ...options.channelOptions,
    });
    this.callTimeoutMs = options.callTimeoutMs ?? 10_000;
  }

  enrol<T>(request: Record<string, unknown>): Promise<T> {
    return this.unary<T>('Enrol', request, new Metadata());
  }

  async heartbeat<T>(request: Record<string, unknown>): Promise<T> {
    return this.unary<T>('Heartbeat', request, await this.authorised());
  }

  async acknowledge(commandId: string): Promise<string> {
    const response = await this.unary<{ status: string }>(
      'AcknowledgeDelivery',
      { commandId },
      await this.authorised(),
    );
    return response.status;
  }

  async reportResult(request: Record<string, unknown>): Promise<{ recorded: boolean; status: string }> {
    return this.unary('ReportResult', request, await this.authorised());
  }

  async receiveCommands(components: string[]): Promise<ClientReadableStream<{ command: unknown }>> {
    return this.client.ReceiveCommands({ components }, await this.authorised());
  }

  close(): void {
    this.client.close();
  }

  private async authorised(): Promise<Metadata> {
    const metadata = new Metadata();
    metadata.set('authorization', `Device ${await this.token()}`);
    return metadata;
  }

  private unary<T>(
    method: 'Enrol' | 'Heartbeat' | 'AcknowledgeDelivery' | 'ReportResult',
    request: unknown,
    metadata: Metadata,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.client[method](
        request,
        metadata,
        { deadline: new Date(Date.now() + this.callTimeoutMs) },
        (error, response) => (error ? reject(toRegistryError(error)) : resolve(response as T)),
      );
    });
  }
}

import {
  generateDeviceKey,
  publicKeySpkiBase64,
  RegistryClient,
  signDeviceToken,
  type DeviceKey,
} from '@carebus/carebus-agent';

const COMPONENTS = [
  { name: 'payment-terminal', state: 'COMPONENT_STATE_READY', reason: '' },
  { name: 'receipt-printer', state: 'COMPONENT_STATE_READY', reason: '' },
];

/**
 * One simulated agent speaking the real protocol with its own key and, like an agent on its own
 * computer, its own HTTP/2 connection. Its token is signed before a timed phase (valid 120 s) so
 * the benchmark process spends its CPU on calls, not on signing; the service verifies each call
 * the same way either way.
 */
export class SimulatedAgent {
  deviceId = '';
  private token = '';
  private readonly key: DeviceKey = generateDeviceKey();
  readonly client: RegistryClient;
  private stream?: { cancel(): void };

  constructor(api: string, index: number) {
    this.client = new RegistryClient(api, () => Promise.resolve(this.token), {
      channelOptions: { 'grpc.use_local_subchannel_pool': 1, 'carebus.bench_agent': index },
      callTimeoutMs: 60_000,
    });
  }

  async enrol(code: string, index: number): Promise<void> {
    const answer = await this.client.enrol<{ deviceId: string }>({
      enrolmentCode: code,
      kind: 'AGENT_KIND_CLINIC_DEVICE',
      publicKey: publicKeySpkiBase64(this.key),
      hostname: `bench-${index}`,
      agentVersion: '0.1.0',
      machineId: `bench-machine-${index}`,
    });
    this.deviceId = answer.deviceId;
  }

  async refreshToken(): Promise<void> {
    this.token = await signDeviceToken(this.key.privateKey, this.deviceId);
  }

  heartbeat(): Promise<unknown> {
    return this.client.heartbeat({ agentVersion: '0.1.0', components: COMPONENTS });
  }

  /** Opens the command stream; `onCommand` answers each command (ack, then report). */
  async connect(onCommand: (agent: SimulatedAgent, command: Record<string, unknown>) => void): Promise<void> {
    const stream = await this.client.receiveCommands(COMPONENTS.map((c) => c.name));
    stream.on('data', (message: { command: Record<string, unknown> }) => onCommand(this, message.command));
    stream.on('error', () => undefined);
    this.stream = stream;
  }

  close(): void {
    this.stream?.cancel();
    this.client.close();
  }
}

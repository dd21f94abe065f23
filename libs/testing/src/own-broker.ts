import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafkaClient, logLevel, type Kafka } from '@carebus/kafka';
import { freePort } from './free-port';
import { infraFromEnv } from './infra-env';
import { repoRoot } from './repo-root';

/**
 * A Kafka broker of one test's own (deploy/local/kafka.sh on free ports, in a temporary folder),
 * secured like the shared test broker, so stopping it for an outage test disturbs nobody else.
 */
export class OwnBroker {
  readonly dir = mkdtempSync(join(tmpdir(), 'carebus-outage-kafka-'));

  private constructor(
    readonly port: number,
    private readonly controllerPort: number,
  ) {}

  static async create(): Promise<OwnBroker> {
    return new OwnBroker(await freePort(), await freePort());
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** A quiet client on this broker, with the tests' principal. */
  kafka(clientId = 'own-broker-test'): Kafka {
    return createKafkaClient({
      clientId,
      brokers: [this.brokers],
      security: infraFromEnv().kafkaSecurity,
      logLevel: logLevel.NOTHING,
    });
  }

  /** Asynchronous, so an in-process service under test keeps running while the broker starts or stops. */
  private async run(command: 'start' | 'stop'): Promise<void> {
    const child = spawn('bash', [join(repoRoot(), 'deploy/local/kafka.sh'), command], {
      env: {
        ...process.env,
        CAREBUS_KAFKA_PORT: String(this.port),
        CAREBUS_KAFKA_CONTROLLER_PORT: String(this.controllerPort),
        CAREBUS_KAFKA_DIR: this.dir,
        CAREBUS_KAFKA_HEAP: '384m',
        // Secured like the shared test broker, so the tests' principal works on it too.
        CAREBUS_KAFKA_SECURITY: infraFromEnv().kafkaSecurity.tls ? 'sasl_ssl' : 'plaintext',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) throw new Error(`kafka.sh ${command} exited with ${code}`);
  }

  start(): Promise<void> {
    return this.run('start');
  }

  stop(): Promise<void> {
    return this.run('stop');
  }

  async wipe(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

import { execFileSync } from 'node:child_process';
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

  private run(command: 'start' | 'stop'): void {
    execFileSync('bash', [join(repoRoot(), 'deploy/local/kafka.sh'), command], {
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
  }

  start(): void {
    this.run('start');
  }

  stop(): void {
    this.run('stop');
  }

  wipe(): void {
    this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

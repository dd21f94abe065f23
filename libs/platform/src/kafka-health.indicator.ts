import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { createKafkaClient, logLevel, type Admin } from '@carebus/kafka';
import { SERVICE_CONFIG } from './tokens';
import { kafkaSecurityOf, type ServiceConfig } from './service-env';

/** Up means the broker answers a metadata request within the timeout; a detail of readiness, not a gate. */
@Injectable()
export class KafkaHealthIndicator implements OnModuleDestroy {
  private admin: Admin | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'kafka', timeoutMs = 2_000): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    try {
      await withTimeout(this.describe(), timeoutMs);
      return indicator.up();
    } catch {
      // The reason (host names, TLS details) stays out of the result: readiness shows statuses only.
      await this.reset();
      return indicator.down();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.reset();
  }

  private async describe() {
    if (!this.admin) {
      const kafka = createKafkaClient({
        clientId: `${this.config.KAFKA_CLIENT_ID}-health`,
        brokers: this.config.KAFKA_BROKERS,
        security: kafkaSecurityOf(this.config),
        connectionTimeout: 1_000,
        requestTimeout: 1_500,
        retry: { retries: 0 },
        logLevel: logLevel.NOTHING,
      });
      this.admin = kafka.admin();
      await this.admin.connect();
    }
    return this.admin.describeCluster();
  }

  private async reset(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { TypeOrmHealthIndicator, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '@carebus/auth';
import { KafkaHealthIndicator } from './kafka-health.indicator';
import { ShutdownState } from './shutdown-state';

type CheckStatus = 'up' | 'down';

/** Statuses only: no error text, host name or stack reaches an unauthenticated caller. */
export interface Readiness {
  status: 'ok' | 'error' | 'shutting_down';
  checks?: { postgres: CheckStatus; kafka: CheckStatus };
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    private readonly shutdown: ShutdownState,
  ) {}

  /** Live while the process can answer at all; never checks dependencies (no restart storms). */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready while PostgreSQL answers. Kafka shows as a detail only: every service writes its events
   * through the outbox and serves an API, so it keeps taking requests while the broker is away
   * (the relay publishes the backlog when it returns; its metrics and alert tell an operator).
   * A consumer-only component would gate on Kafka; there is none (docs/operations.md).
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    if (this.shutdown.shuttingDown) {
      res.status(503);
      return { status: 'shutting_down' };
    }
    const [postgres, kafka] = await Promise.all([
      this.postgres.pingCheck('postgres', { timeout: 2_000 }).then(statusOf, () => 'down' as const),
      this.kafka.check('kafka').then(statusOf, () => 'down' as const),
    ]);
    if (postgres !== 'up') res.status(503);
    return { status: postgres === 'up' ? 'ok' : 'error', checks: { postgres, kafka } };
  }
}

function statusOf(result: HealthIndicatorResult): CheckStatus {
  return Object.values(result)[0]?.status === 'up' ? 'up' : 'down';
}

import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

// Services define their own metrics with these, on MetricsRegistry's registry, without a direct
// prom-client dependency of their own.
export { Counter, Gauge, Histogram } from 'prom-client';

/** One Prometheus registry per service process, with Node's default metrics. */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
  }
}

/** Times each request, labelled by route template (never the concrete path with ids). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsRegistry) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const stop = this.metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const template = (req.route as { path?: string } | undefined)?.path;
      // Unknown paths all count as one label value, so scanners cannot blow up cardinality.
      const route = !template || template.includes('*') ? 'unmatched' : template;
      if (route.startsWith('/metrics') || route.startsWith('/health')) return;
      stop({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  }
}

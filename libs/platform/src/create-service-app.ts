import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { createValidationPipe, ProblemDetailsFilter } from '@carebus/errors';
import { currentTraceId, HttpMetricsMiddleware } from '@carebus/observability';
import { jsonBodyGuard } from './json-body-guard';
import { requireJsonBody } from './json-content-type';
import { answerMethodNotAllowed } from './method-not-allowed';
import { serveOpenApi } from './openapi';

export interface ServiceAppOptions {
  serviceName: string;
  /** Upper bound of a JSON request body. */
  bodyLimit?: string;
  /**
   * Adds to the built app, e.g. a gRPC transport with `app.connectMicroservice`; whoever starts
   * the app then calls `app.startAllMicroservices()` before `listen`.
   */
  configure?: (app: INestApplication) => void | Promise<void>;
}

/** Builds a service's Nest application with the shared edge: errors, validation, docs, metrics. */
export async function createServiceApp(
  module: DynamicModule,
  options: ServiceAppOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bufferLogs: true,
    forceCloseConnections: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: options.bodyLimit ?? '1mb' });
  app.use(jsonBodyGuard);
  const metrics = app.get(HttpMetricsMiddleware);
  app.use(metrics.use.bind(metrics));
  app.useGlobalFilters(new ProblemDetailsFilter(currentTraceId));
  answerMethodNotAllowed(app);
  app.useGlobalPipes(createValidationPipe());
  serveOpenApi(app, options.serviceName);
  await options.configure?.(app);
  return app;
}

import type { DynamicModule, INestApplication } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { RefusalRecorder } from '@carebus/audit';
import { createValidationPipe, ProblemDetailsFilter } from '@carebus/errors';
import { currentTraceId, HttpMetricsMiddleware } from '@carebus/observability';
import { answerClientErrors } from './client-errors';
import { jsonBodyGuard } from './json-body-guard';
import { requireJsonBodyExcept } from './json-content-type';
import { STREAMED_BODY_ROUTES, type StreamedBodyRoute } from './streamed-body-routes';
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

/**
 * Builds a service's Nest application with the shared edge: errors, validation, docs, metrics,
 * and a 4xx problem for any bad input (docs/architecture.md, "Bad input").
 */
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
  // The content type is checked before the body is read, its shape right after it is parsed.
  app.use(requireJsonBodyExcept(streamedBodyRoutes(app)));
  app.useBodyParser('json', { limit: options.bodyLimit ?? '1mb' });
  app.use(jsonBodyGuard);
  const metrics = app.get(HttpMetricsMiddleware);
  app.use(metrics.use.bind(metrics));
  // A refusal is audited (or counted, for a 401) before it is answered; see RefusalRecorder.
  const refusals = app.get(RefusalRecorder);
  app.useGlobalFilters(
    new ProblemDetailsFilter(currentTraceId, (error, host) => refusals.answerFor(error, host)),
  );
  answerMethodNotAllowed(app);
  // Requests Node's HTTP parser refuses never reach Express.
  answerClientErrors(app.getHttpServer());
  app.useGlobalPipes(createValidationPipe());
  serveOpenApi(app, options.serviceName);
  await options.configure?.(app);
  return app;
}

/**
 * The routes the service's modules declared under STREAMED_BODY_ROUTES, from every module that
 * provides it (none when no module does; `app.get` would end the process on a missing token).
 */
function streamedBodyRoutes(app: INestApplication): StreamedBodyRoute[] {
  return [...app.get(ModulesContainer).values()].flatMap(
    (module) =>
      (module.providers.get(STREAMED_BODY_ROUTES)?.instance as StreamedBodyRoute[] | undefined) ?? [],
  );
}

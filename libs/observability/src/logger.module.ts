import type { DynamicModule } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { errSerializer, REDACTED_PATHS } from './log-redaction';
import { currentSpanIds } from './trace-context';

export interface LoggingOptions {
  serviceName: string;
  level: string;
  /** Where the lines go instead of stdout: tests read what a service would have logged. */
  destination?: DestinationStream;
}

interface RequestWithPrincipal extends IncomingMessage {
  principal?: { clinicId: string | null; subject: string };
}

/** Paths only: query strings may carry identifiers that must not reach logs. */
function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}

/**
 * pino JSON logs for a service: one line per request with method, path, status and latency,
 * the trace and span ids, the clinic id and the acting subject; never bodies, headers or queries.
 * An error logged as `err` keeps only what describeError allows (no message, query, parameters).
 */
export function createLoggerModule({ serviceName, level, destination }: LoggingOptions): DynamicModule {
  const options: Options = {
    level,
    base: { service: serviceName },
    messageKey: 'msg',
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    mixin: () => currentSpanIds(),
    autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: pathOf(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: errSerializer,
    },
    customProps: (req: IncomingMessage, _res: ServerResponse) => {
      const principal = (req as RequestWithPrincipal).principal;
      return principal ? { clinicId: principal.clinicId, subject: principal.subject } : {};
    },
    redact: { paths: [...REDACTED_PATHS], remove: true },
  };
  return LoggerModule.forRoot({ pinoHttp: destination ? [options, destination] : options });
}

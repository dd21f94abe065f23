import { Logger } from '@nestjs/common';
import type { ConsumerLogger } from '../consumer-logger';

/** Runner logs through the app's logger (pino in services), as structured objects. */
export function nestConsumerLogger(context: string): ConsumerLogger {
  const logger = new Logger(context);
  return {
    info: (msg, fields) => logger.log({ msg, ...fields }),
    warn: (msg, fields) => logger.warn({ msg, ...fields }),
    error: (msg, fields) => logger.error({ msg, ...fields }),
  };
}

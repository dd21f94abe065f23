import { Logger } from '@nestjs/common';
import { logLevel, type logCreator } from 'kafkajs';
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

/** kafkajs's own logs (connection trouble, rebalances) through the same logger. */
export const nestKafkaLogCreator: logCreator = () => {
  const logger = new Logger('kafkajs');
  return ({ namespace, level, log }) => {
    const { message, ...fields } = log;
    const entry = { msg: message, namespace, ...fields };
    if (level === logLevel.ERROR) logger.error(entry);
    else if (level === logLevel.WARN) logger.warn(entry);
    else if (level === logLevel.INFO) logger.log(entry);
    else logger.debug(entry);
  };
};

import { Logger } from '@nestjs/common';
import { logLevel, type logCreator } from 'kafkajs';

/**
 * kafkajs's own logs (connection trouble, rebalances) through the Nest logger — pino in the
 * services, so they carry the service's fields and redaction like every other line. kafkajs logs
 * each error answer from the broker at ERROR, also the ones it retries and gets past (a new
 * topic's "does not host this topic-partition", a group coordinator still loading): those are
 * warnings here; when a retried call finally fails, its caller reports the error.
 */
export const nestKafkaLogCreator: logCreator = () => {
  const logger = new Logger('kafkajs');
  return ({ namespace, level, log }) => {
    const { message, ...fields } = log;
    const entry = { msg: message, namespace, ...fields };
    const brokerAnswer = namespace === 'Connection' && message.startsWith('Response ');
    if (level === logLevel.ERROR && !brokerAnswer) logger.error(entry);
    else if (level <= logLevel.WARN) logger.warn(entry);
    else if (level === logLevel.INFO) logger.log(entry);
    else logger.debug(entry);
  };
};

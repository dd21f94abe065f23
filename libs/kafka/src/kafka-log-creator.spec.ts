import { Logger } from '@nestjs/common';
import { logLevel } from 'kafkajs';
import { nestKafkaLogCreator } from './kafka-log-creator';

describe('nestKafkaLogCreator', () => {
  const log = nestKafkaLogCreator(logLevel.DEBUG);
  const entry = (namespace: string, level: logLevel, message: string) => ({
    namespace,
    level,
    label: 'x',
    log: { message, timestamp: 'now', broker: '127.0.0.1:9092' },
  });
  let error: jest.SpyInstance;
  let warn: jest.SpyInstance;

  beforeEach(() => {
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it("logs a broker's error answer, which kafkajs retries, as a warning with its fields", () => {
    log(entry('Connection', logLevel.ERROR, 'Response Metadata(key: 3, version: 6)'));
    expect(error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith({
      msg: 'Response Metadata(key: 3, version: 6)',
      namespace: 'Connection',
      timestamp: 'now',
      broker: '127.0.0.1:9092',
    });
  });

  it('keeps every other error an error', () => {
    log(entry('Consumer', logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded'));
    log(entry('Connection', logLevel.ERROR, 'Connection error: ECONNREFUSED'));
    expect(error).toHaveBeenCalledTimes(2);
    expect(warn).not.toHaveBeenCalled();
  });
});

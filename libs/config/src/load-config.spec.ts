import { z } from 'zod';
import { ConfigError, loadConfig } from './load-config';
import { env } from './env-types';

const schema = z.object({
  DATABASE_URL: env.postgresUrl(),
  HTTP_PORT: env.port(3001),
  KAFKA_BROKERS: env.csv(),
});

describe('loadConfig', () => {
  it('parses and applies defaults', () => {
    const config = loadConfig(schema, { DATABASE_URL: 'postgres://x@h/db', KAFKA_BROKERS: 'a:1, b:2' });
    expect(config).toEqual({
      DATABASE_URL: 'postgres://x@h/db',
      HTTP_PORT: 3001,
      KAFKA_BROKERS: ['a:1', 'b:2'],
    });
  });

  it('names every missing or bad variable', () => {
    let error: unknown;
    try {
      loadConfig(schema, { HTTP_PORT: 'eighty', KAFKA_BROKERS: 'k:9092' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('DATABASE_URL is required');
    expect(message).toMatch(/HTTP_PORT: /);
    expect(message).not.toContain('KAFKA_BROKERS');
  });

  it('rejects a URL that is not postgres', () => {
    expect(() => loadConfig(schema, { DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'k:1' })).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ URL/,
    );
  });
});

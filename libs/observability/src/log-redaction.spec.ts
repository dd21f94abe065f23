import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PinoLogger } from 'nestjs-pino';
import { createLoggerModule } from './logger.module';

const PHI = 'Jane Phi-Doe';

/** What TypeORM's QueryFailedError carries besides its class: the statement and pg's fields. */
function queryFailed(): Error {
  return Object.assign(new Error('duplicate key value violates unique constraint "patients_name_key"'), {
    query: 'INSERT INTO scheduling.patients (name) VALUES ($1)',
    parameters: [PHI],
    detail: `Key (name)=(${PHI}) already exists.`,
    where: `portal parameter $1 = '${PHI}'`,
    driverError: { detail: `Key (name)=(${PHI}) already exists.` },
    code: '23505',
    severity: 'ERROR',
    constraint: 'patients_name_key',
  });
}

@Module({})
class LoggingModule {
  static with(lines: string[]): DynamicModule {
    const destination = { write: (line: string) => void lines.push(line) };
    return {
      module: LoggingModule,
      imports: [createLoggerModule({ serviceName: 'log-test', level: 'info', destination })],
    };
  }
}

describe('the service logger', () => {
  const lines: string[] = [];
  let logger: PinoLogger;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const app = await NestFactory.createApplicationContext(LoggingModule.with(lines), { logger: false });
    logger = await app.resolve(PinoLogger);
    close = () => app.close();
  });

  afterAll(() => close());

  it("logs an `err` as describeError allows: class, SQLSTATE, constraint, never the statement's data", () => {
    logger.error({ err: queryFailed() }, 'write failed');
    const entry = JSON.parse(lines.at(-1)!) as { err: Record<string, unknown> };
    expect(entry.err).toMatchObject({ type: 'Error', sqlState: '23505', constraint: 'patients_name_key' });
    expect(lines.at(-1)).not.toMatch(/Phi-Doe|INSERT|duplicate key/);
  });

  it('redacts query, parameters, detail, where, driverError and body of an error logged under another key', () => {
    logger.warn({ error: queryFailed(), request: { body: { name: PHI } } }, 'write failed');
    const entry = JSON.parse(lines.at(-1)!) as { error: Record<string, unknown> };
    expect(entry.error).toMatchObject({ code: '23505', constraint: 'patients_name_key' });
    expect(entry.error).not.toHaveProperty('parameters');
    expect(lines.at(-1)).not.toMatch(/Phi-Doe|INSERT/);
  });
});

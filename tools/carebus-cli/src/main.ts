#!/usr/bin/env node
import { createKafkaClient, kafkaSecurityFromEnv, logLevel, type KafkaSecurity } from '@carebus/kafka';
import { DeadLetterStore } from '@carebus/messaging-kafka';
import { parseCommand, UsageError, type CliCommand } from './cli-command';
import { verifyAudit } from './audit-commands';
import { runCommand } from './dlq-commands';
import { dropKafkajsTimeoutWarning } from './kafkajs-warning-filter';
import { USAGE } from './usage';

async function main(argv: string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`carebus: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.kind === 'audit-verify') {
    try {
      return await verifyAudit(command, (text) => process.stdout.write(text));
    } catch (error) {
      process.stderr.write(`carebus: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
  let security: KafkaSecurity;
  try {
    security = kafkaSecurityFromEnv();
  } catch (error) {
    process.stderr.write(`carebus: ${(error as Error).message}\n`);
    return 2;
  }
  const kafka = createKafkaClient({
    clientId: 'carebus-cli',
    brokers: (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(','),
    security,
    connectionTimeout: 3_000,
    retry: { retries: 3 },
    logLevel: logLevel.NOTHING,
  });
  const store = new DeadLetterStore(kafka);
  try {
    await runCommand(command, store, (text) => process.stdout.write(text));
    return 0;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    process.stderr.write(
      `carebus: ${error instanceof Error ? error.message : String(error)}${typeof code === 'string' ? ` (${code})` : ''}\n`,
    );
    return 1;
  } finally {
    await store.close();
  }
}

dropKafkajsTimeoutWarning();
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `carebus: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);

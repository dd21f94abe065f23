#!/usr/bin/env node
import { parseCommand, UsageError, type CliCommand } from './cli-command';
import { verifyAudit } from './audit-commands';
import { DeadLetterApi } from './dead-letter-api';
import { runCommand } from './dlq-commands';
import { USAGE } from './usage';

/** Scheduling's port; every service serves the same dead-letter API over the shared broker. */
export const DEFAULT_API_URL = 'http://127.0.0.1:3001';

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
  const token = process.env.CAREBUS_TOKEN;
  if (command.kind !== 'help' && !token) {
    process.stderr.write('carebus: set CAREBUS_TOKEN to your access token (operator or clinic admin)\n');
    return 2;
  }
  const api = new DeadLetterApi({
    baseUrl: process.env.CAREBUS_API_URL || DEFAULT_API_URL,
    token: token ?? '',
  });
  try {
    await runCommand(command, api, (text) => process.stdout.write(text));
    return 0;
  } catch (error) {
    process.stderr.write(`carebus: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `carebus: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);

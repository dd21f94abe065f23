import { resolve } from 'node:path';
import { DevIssuer } from '@carebus/auth';
import { integerFlag, parseFlags, UsageError } from './cli-args';
import { DEFAULT_KEY_FILE, DEFAULT_PORT, defaultIssuer } from './defaults';

export const SERVE_FLAGS = ['port', 'key-file', 'issuer', 'host'] as const;

/** Starts the dev issuer; resolves with it once listening. */
export async function serveCommand(args: readonly string[]): Promise<DevIssuer> {
  const flags = parseFlags(args, SERVE_FLAGS);
  const port = integerFlag(flags, 'port', DEFAULT_PORT, 0, 65535);
  const host = flags.get('host') ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== '0.0.0.0') throw new UsageError('--host must be 127.0.0.1 or 0.0.0.0');
  return DevIssuer.start({
    port,
    host,
    keyFile: resolve(flags.get('key-file') ?? DEFAULT_KEY_FILE),
    issuer: flags.get('issuer') ?? defaultIssuer(port),
  });
}

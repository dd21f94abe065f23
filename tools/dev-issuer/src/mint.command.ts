import { resolve } from 'node:path';
import { DevTokenMinter, parseDevTokenRequest } from '@carebus/auth';
import { parseFlags, UsageError, type Flags } from './cli-args';
import { DEFAULT_KEY_FILE, DEFAULT_PORT, defaultIssuer } from './defaults';

export const MINT_FLAGS = ['sub', 'clinic', 'roles', 'scope', 'ttl', 'key-file', 'issuer'] as const;

interface FieldErrors {
  errors: { field: string; message: string }[];
}

// parseDevTokenRequest throws the errors lib's ValidationError; matched by shape so this tool
// needs no second library just for an instanceof.
function hasFieldErrors(error: unknown): error is FieldErrors {
  return error instanceof Error && Array.isArray((error as Partial<FieldErrors>).errors);
}

const FLAG_FOR_FIELD: Record<string, string> = { clinic_id: 'clinic', ttl_seconds: 'ttl' };

// Left as text when not a whole number, so the request parser reports it with its own bounds.
const wholeNumberOrText = (raw: string | undefined) =>
  raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : raw;

/** Flags become a `POST /token` body, so the CLI and the endpoint apply the same rules. */
function tokenRequestBody(flags: Flags): Record<string, unknown> {
  const roles = flags.get('roles');
  const body: Record<string, unknown> = {
    sub: flags.get('sub'),
    clinic_id: flags.get('clinic'),
    roles: roles === undefined ? undefined : roles.split(',').map((role) => role.trim()),
    scope: flags.get('scope'),
    ttl_seconds: wholeNumberOrText(flags.get('ttl')),
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/** Mints a token with the persisted key, as `serve` with the same key file and issuer would. */
export async function mintCommand(args: readonly string[]): Promise<string> {
  const flags = parseFlags(args, MINT_FLAGS);
  let request: ReturnType<typeof parseDevTokenRequest>;
  try {
    request = parseDevTokenRequest(tokenRequestBody(flags));
  } catch (error) {
    if (!hasFieldErrors(error)) throw error;
    const problems = error.errors.map((e) => `--${FLAG_FOR_FIELD[e.field] ?? e.field}: ${e.message}`);
    throw new UsageError(problems.join('\n'));
  }
  const minter = await DevTokenMinter.create({
    keyFile: resolve(flags.get('key-file') ?? DEFAULT_KEY_FILE),
    issuer: flags.get('issuer') ?? defaultIssuer(DEFAULT_PORT),
  });
  return minter.mint(request.claims, { ttlSeconds: request.ttlSeconds });
}

import { isUuid } from '@carebus/persistence';
import { parseArgs } from 'node:util';

/** Filters shared by `dlq list` and `dlq replay --all`. */
export interface DeadLetterFilters {
  topic?: string;
  group?: string;
  since?: Date;
  until?: Date;
  limit?: number;
}

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'list'; filters: DeadLetterFilters; json: boolean }
  | { kind: 'show'; at: DeadLetterLocation }
  | { kind: 'show-payload'; at: DeadLetterLocation; reason?: string }
  | { kind: 'replay'; at: DeadLetterLocation; reason?: string }
  | { kind: 'replay-all'; filters: DeadLetterFilters; reason?: string }
  | { kind: 'purge'; topic: string; group?: string; before: Date; reason?: string }
  | { kind: 'audit-verify'; service: string; clinic?: string; databaseUrl?: string; json: boolean };

/** Services whose audit trail `audit verify` walks (their schema: `-` becomes `_`). */
export const AUDITED_SERVICES = ['scheduling', 'messaging', 'ehr-sync', 'device-registry', 'notifications'];

export interface DeadLetterLocation {
  dlqTopic: string;
  partition: number;
  offset: string;
}

/** Bad command line: main prints the message and the usage, and exits 2. */
export class UsageError extends Error {}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

const OPTIONS = {
  topic: { type: 'string' },
  group: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  limit: { type: 'string' },
  before: { type: 'string' },
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  yes: { type: 'boolean' },
  payload: { type: 'boolean' },
  reason: { type: 'string' },
  service: { type: 'string' },
  clinic: { type: 'string' },
  'database-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Turns argv (without node and script) into one command, or throws UsageError. */
export function parseCommand(argv: string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0 || positionals[0] === 'help') return { kind: 'help' };
  const [area, action, ...rest] = positionals;
  if (area === 'audit') return auditCommand(action, rest, values);
  if (area !== 'dlq') throw new UsageError(`unknown command "${area}"`);
  const allowed = (names: (keyof typeof OPTIONS)[]) => {
    const extra = Object.keys(values).filter(
      (name) => name !== 'help' && !names.includes(name as keyof typeof OPTIONS),
    );
    if (extra.length > 0) throw new UsageError(`dlq ${action} does not take --${extra.join(', --')}`);
  };
  switch (action) {
    case 'list':
      allowed(['topic', 'group', 'since', 'until', 'limit', 'json']);
      noPositionals(rest, 'list');
      return { kind: 'list', filters: filters(values), json: values.json ?? false };
    case 'show':
      if (values.payload) {
        allowed(['payload', 'reason']);
        return { kind: 'show-payload', at: location(rest, 'show --payload'), ...reason(values) };
      }
      allowed([]);
      return { kind: 'show', at: location(rest, 'show') };
    case 'replay':
      if (values.all) {
        allowed(['all', 'topic', 'group', 'since', 'until', 'limit', 'reason']);
        noPositionals(rest, 'replay --all');
        return { kind: 'replay-all', filters: filters(values), ...reason(values) };
      }
      allowed(['reason']);
      return { kind: 'replay', at: location(rest, 'replay'), ...reason(values) };
    case 'purge': {
      allowed(['topic', 'group', 'before', 'yes', 'reason']);
      noPositionals(rest, 'purge');
      if (!values.topic) throw new UsageError('dlq purge needs --topic');
      if (!values.before) throw new UsageError('dlq purge needs --before');
      if (!values.yes) throw new UsageError('dlq purge deletes records for good; add --yes to confirm');
      return {
        kind: 'purge',
        topic: values.topic,
        ...(values.group ? { group: values.group } : {}),
        before: isoDate(values.before, 'before'),
        ...reason(values),
      };
    }
    default:
      throw new UsageError(action ? `unknown dlq command "${action}"` : 'dlq needs a command');
  }
}

function filters(values: {
  topic?: string;
  group?: string;
  since?: string;
  until?: string;
  limit?: string;
}): DeadLetterFilters {
  const result: DeadLetterFilters = {};
  if (values.topic) result.topic = values.topic;
  if (values.group) result.group = values.group;
  if (values.since) result.since = isoDate(values.since, 'since');
  if (values.until) result.until = isoDate(values.until, 'until');
  if (result.since && result.until && result.since > result.until)
    throw new UsageError('--since is after --until');
  if (values.limit !== undefined) {
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      throw new UsageError('--limit must be 1..10000');
    result.limit = limit;
  }
  return result;
}

/**
 * The break-glass reason as given; the server decides whether it is needed and well-formed, and
 * the CLI explains its refusal (`dlq-commands.ts`), so the rule lives in one place.
 */
function reason(values: { reason?: string }): { reason?: string } {
  return values.reason !== undefined ? { reason: values.reason } : {};
}

function location(args: string[], action: string): DeadLetterLocation {
  const [dlqTopic, partition, offset, ...extra] = args;
  if (!dlqTopic || partition === undefined || offset === undefined || extra.length > 0) {
    throw new UsageError(`dlq ${action} needs <dlq-topic> <partition> <offset>`);
  }
  if (!/^\d+$/.test(partition)) throw new UsageError('partition must be a non-negative integer');
  if (!/^\d+$/.test(offset)) throw new UsageError('offset must be a non-negative integer');
  return { dlqTopic, partition: Number(partition), offset };
}

function noPositionals(args: string[], action: string): void {
  if (args.length > 0) throw new UsageError(`dlq ${action} takes no arguments, got "${args.join(' ')}"`);
}

function isoDate(text: string, name: string): Date {
  const date = new Date(text);
  if (!ISO_8601.test(text) || Number.isNaN(date.getTime())) {
    throw new UsageError(`--${name} must be an ISO 8601 date or date-time, e.g. 2026-03-01T08:00:00Z`);
  }
  return date;
}

function auditCommand(
  action: string | undefined,
  rest: string[],
  values: { service?: string; clinic?: string; 'database-url'?: string; json?: boolean } & Record<
    string,
    unknown
  >,
): CliCommand {
  if (action !== 'verify')
    throw new UsageError(action ? `unknown audit command "${action}"` : 'audit needs a command');
  const extra = Object.keys(values).filter(
    (name) => !['help', 'service', 'clinic', 'database-url', 'json'].includes(name),
  );
  if (extra.length > 0) throw new UsageError(`audit verify does not take --${extra.join(', --')}`);
  noPositionals(rest, 'audit verify');
  const service = values.service;
  if (!service) throw new UsageError('audit verify needs --service');
  if (!AUDITED_SERVICES.includes(service)) {
    throw new UsageError(`--service must be one of ${AUDITED_SERVICES.join(', ')}, got "${service}"`);
  }
  if (values.clinic !== undefined && values.clinic !== 'platform' && !isUuid(values.clinic)) {
    throw new UsageError(`--clinic must be a clinic id (UUID) or "platform", got "${values.clinic}"`);
  }
  return {
    kind: 'audit-verify',
    service,
    ...(values.clinic ? { clinic: values.clinic.toLowerCase() } : {}),
    ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
    json: values.json ?? false,
  };
}

import type {
  DeadLetterMetadata,
  DeadLetterPayload,
  PurgeResult,
  ReplayResult,
} from '@carebus/messaging-kafka';
import type { DeadLetterFilters, DeadLetterLocation } from './cli-command';

/** Where the CLI reaches a service's dead-letter API, and as whom. */
export interface DeadLetterApiOptions {
  /** A service's base URL; every service serves `/v1/admin/dead-letters`. */
  baseUrl: string;
  /** The caller's access token (operator, or clinic admin for its clinic). */
  token: string;
}

/** The server answered with a problem: its status, its code and the CLI's explanation. */
export class DeadLetterApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const BREAK_GLASS_REASON_HEADER = 'Break-Glass-Reason';

/** What to do about a refusal, by its code; the server's own text for any other. */
const EXPLANATIONS: Record<string, string> = {
  'dead_letters.payload_scope_required':
    'your token lacks the break-glass scope carebus:dead-letters:payload; get a break-glass token ' +
    '(docs/operations.md, "Dead letters and break-glass") and set CAREBUS_TOKEN to it',
  'dead_letters.break_glass_reason_required':
    'the server needs a reason: add --reason "<incident or ticket: why>" (never patient data)',
  'dead_letters.break_glass_reason_invalid':
    '--reason must be one line of at most 500 characters without control characters',
  'auth.forbidden':
    "your token's role may not do this (dead letters: operator or clinic_admin; purge: operator)",
  'auth.token_missing': 'set CAREBUS_TOKEN to an access token',
  'auth.token_expired': 'your token has expired; set CAREBUS_TOKEN to a fresh one',
  'auth.token_invalid': 'the server does not accept your token; set CAREBUS_TOKEN to one its issuer signed',
};

/** The dead-letter admin API of one service, over HTTP. */
export class DeadLetterApi {
  constructor(private readonly options: DeadLetterApiOptions) {}

  async list(filters: DeadLetterFilters): Promise<DeadLetterMetadata[]> {
    const query = new URLSearchParams();
    if (filters.topic) query.set('topic', filters.topic);
    if (filters.group) query.set('group', filters.group);
    if (filters.since) query.set('since', filters.since.toISOString());
    if (filters.until) query.set('until', filters.until.toISOString());
    if (filters.limit) query.set('limit', String(filters.limit));
    const { items } = await this.call<{ items: DeadLetterMetadata[] }>('GET', `?${query}`);
    return items;
  }

  show(at: DeadLetterLocation): Promise<DeadLetterMetadata> {
    return this.call('GET', `/${location(at)}`);
  }

  payload(at: DeadLetterLocation, reason?: string): Promise<DeadLetterPayload> {
    return this.call('GET', `/${location(at)}/payload`, { reason });
  }

  replay(at: DeadLetterLocation, reason?: string): Promise<ReplayResult> {
    return this.call('POST', `/${location(at)}/replay`, { reason });
  }

  async purge(
    purge: { topic: string; group?: string; before: Date },
    reason?: string,
  ): Promise<PurgeResult[]> {
    const body = { topic: purge.topic, ...(purge.group ? { group: purge.group } : {}), before: purge.before };
    return (await this.call<{ purged: PurgeResult[] }>('POST', '/purge', { reason, body })).purged;
  }

  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    { reason, body }: { reason?: string | undefined; body?: unknown } = {},
  ): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.token}`,
      accept: 'application/json',
    };
    if (reason !== undefined) headers[BREAK_GLASS_REASON_HEADER] = headerBytes(reason);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/v1/admin/dead-letters${path}`;
    const response = await fetch(url, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }).catch((error: unknown) => {
      const cause = (error as { cause?: { code?: unknown } }).cause?.code;
      throw new Error(
        `cannot reach ${this.options.baseUrl}${typeof cause === 'string' ? ` (${cause})` : ''}`,
      );
    });
    const answer = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (response.ok) return answer as T;
    const code = typeof answer?.code === 'string' ? answer.code : `http.${response.status}`;
    const detail = typeof answer?.detail === 'string' ? answer.detail : response.statusText;
    throw new DeadLetterApiRefusal(
      response.status,
      code,
      `refused by the server (${response.status} ${code}): ${EXPLANATIONS[code] ?? detail}`,
    );
  }
}

function location(at: DeadLetterLocation): string {
  return `${encodeURIComponent(at.dlqTopic)}/${at.partition}/${at.offset}`;
}

/**
 * A header carries bytes: the reason goes as its UTF-8 bytes (the server decodes them back). A
 * line break or NUL cannot travel in a header at all, so it is sent as a visible control
 * character for the server to refuse as it refuses any control character.
 */
function headerBytes(reason: string): string {
  // eslint-disable-next-line no-control-regex
  const sendable = reason.replace(/[\r\n\u0000]/g, '\u0001');
  return Buffer.from(sendable, 'utf8').toString('latin1');
}

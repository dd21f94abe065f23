import { badResponse, rateLimited, unavailable } from './ehr-adapter.errors';
import type { EhrAdapterOptions } from './ehr-adapter';

export const RUN_TOKEN_HEADER = 'x-sync-token';
const DEFAULT_TIMEOUT_MS = 10_000;

export interface EhrResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body; undefined for an empty body. */
  body: unknown;
}

export interface EhrRequest {
  method?: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: URLSearchParams;
}

/**
 * One HTTP call to an EHR: the run token on every call, a timeout, and the failures every EHR
 * shares mapped once (unreachable, timeout, 5xx → unavailable; 429 → rate limited with
 * `Retry-After`; a body that is not JSON → bad response). Other statuses go back to the adapter,
 * which knows its EHR's error shape.
 */
export class EhrHttp {
  private readonly origin: string;

  constructor(private readonly options: EhrAdapterOptions) {
    this.origin = new URL(options.baseUrl).origin;
  }

  /** A URL under the base (`/Patient?x=1`), or an absolute link the EHR gave, if on the same origin. */
  url(pathOrLink: string): string {
    if (!/^https?:/.test(pathOrLink)) return `${this.options.baseUrl.replace(/\/$/, '')}${pathOrLink}`;
    const link = new URL(pathOrLink);
    // Never send the session to another host, whatever a paging link says.
    if (link.origin !== this.origin) throw badResponse('link (another origin)');
    return link.href;
  }

  async call(url: string, request: EhrRequest = {}): Promise<EhrResponse> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      [RUN_TOKEN_HEADER]: this.options.runToken,
      ...request.headers,
    };
    let body: string | undefined;
    if (request.json !== undefined) {
      headers['content-type'] = headers['content-type'] ?? 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = request.form.toString();
    }
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: request.method ?? 'GET',
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      text = await response.text();
    } catch (error) {
      throw unavailable({}, error);
    }
    const status = response.status;
    if (status === 429) throw rateLimited(retryAfterMs(response.headers.get('retry-after')), { status });
    if (status >= 500) throw unavailable({ status });
    if (text === '') return { status, headers: response.headers, body: undefined };
    try {
      return { status, headers: response.headers, body: JSON.parse(text) as unknown };
    } catch {
      throw badResponse('body (not JSON)', { status });
    }
  }
}

/** `Retry-After` as milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null) return null;
  if (/^\d{1,9}$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

import type { HttpAnswer } from './http-send';
import type { HttpCase } from './http-case';
import { HEADER_LIMIT } from './request-parts';
import type { Operation } from './openapi-operations';

/** What a case is, read off the request itself, for the rules that expect a particular answer. */
export interface HttpCaseTraits {
  unsupportedMethod: boolean;
  /** The path has no operation for the method (with or without a body). */
  methodNotServed: boolean;
  /** Request line and headers over 16 KiB. */
  oversizedHeaders: boolean;
  /** A body under a content type that is not JSON, for an operation that takes JSON. */
  wrongContentType: boolean;
  /**
   * A `__proto__` key somewhere in a body that is read as JSON: an operation that takes a body, or
   * any request declaring JSON (the parser runs before routing). An operation without a body may
   * ignore a body of another type, as it ignores any other body.
   */
  protoKey: boolean;
}

export function traitsOf(op: Operation, c: HttpCase): HttpCaseTraits {
  const headBytes = Object.entries(c.headers).reduce((n, [k, v]) => n + k.length + v.length, c.target.length);
  const type = c.headers['content-type'];
  return {
    // With a body, the body parser (which runs before routing) may answer first; an empty or
    // undecodable segment may match another route or fail while the router decodes it.
    unsupportedMethod: !op.pathMethods.includes(c.method) && c.body === undefined && plainPath(c.target),
    methodNotServed: !op.pathMethods.includes(c.method),
    oversizedHeaders: headBytes > HEADER_LIMIT,
    // Only where a JSON body is expected: an operation without one may ignore what it is sent.
    wrongContentType:
      op.body !== undefined &&
      Boolean(c.body) &&
      type !== undefined &&
      !/^application\/json(;\s*charset=utf-8)?$/i.test(type),
    protoKey:
      /"__proto__"\s*:/.test(c.body ?? '') &&
      (op.body !== undefined || /^application\/json/i.test(type ?? '')),
  };
}

/** Whether every segment of the path is non-empty, not `.`/`..`, and decodes. */
function plainPath(target: string): boolean {
  return target
    .split('?')[0]!
    .split('/')
    .slice(1)
    .every((segment) => {
      if (segment === '' || segment === '.' || segment === '..') return false;
      try {
        decodeURIComponent(segment);
        return true;
      } catch {
        return false;
      }
    });
}

/**
 * Why an answer is wrong, or undefined when it is right. Always: no 5xx, and every 4xx is
 * problem+json with a `code`. And for cases of a known kind: headers over 16 KiB get 431, a method
 * the path does not serve 405, a non-JSON body 415 (or the caller's 401/403), and a `__proto__`
 * key is refused.
 */
export function httpVerdict(traits: HttpCaseTraits, answer: HttpAnswer): string | undefined {
  const { status } = answer;
  if (status >= 500) return `answered ${status}`;
  if (status >= 400) {
    if (!answer.contentType.includes('application/problem+json')) {
      return `answered ${status} as "${answer.contentType}", not application/problem+json`;
    }
    let code: unknown;
    try {
      code = (JSON.parse(answer.body) as { code?: unknown }).code;
    } catch {
      return `answered ${status} with a body that is not JSON`;
    }
    if (typeof code !== 'string' || code === '') return `answered ${status} without a code`;
  }
  const expected = expectedStatuses(traits);
  if (expected && !expected.statuses.includes(status)) {
    return `answered ${status} to ${expected.why}; expected ${expected.statuses.join(' or ')}`;
  }
  if (traits.protoKey && status < 400) return `accepted a body with a __proto__ key (${status})`;
  return undefined;
}

function expectedStatuses(t: HttpCaseTraits): { statuses: number[]; why: string } | undefined {
  if (t.oversizedHeaders) return { statuses: [431], why: 'headers over 16 KiB' };
  if (t.unsupportedMethod) return { statuses: [405], why: 'a method the path does not serve' };
  if (t.wrongContentType) {
    // The method is checked before the body is: a method the path does not serve may be 405 first.
    const statuses = t.methodNotServed ? [415, 405, 401, 403, 413] : [415, 401, 403, 413];
    return { statuses, why: 'a body that is not JSON' };
  }
  return undefined;
}

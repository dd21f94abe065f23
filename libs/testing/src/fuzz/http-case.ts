import fc from 'fast-check';
import type { Role } from '@carebus/auth';
import { credential, describeCredential, type Credential } from './credentials';
import { hostileString, oneIn } from './hostile-values';
import type { Operation } from './openapi-operations';
import {
  FILL_HEADER,
  encodeSegment,
  headerText,
  hostileHeader,
  pathSegment,
  queryPairs,
  requestBody,
} from './request-parts';
import { clip } from './fuzz-report';
import type { KnownValues } from './schema-values';

/** One generated HTTP request. */
export interface HttpCase {
  method: string;
  /** Path and query as sent (already percent-encoded where the case means it to be). */
  target: string;
  credential: Credential;
  /** Every header but authorization. */
  headers: Record<string, string>;
  body?: string;
}

const ALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * The generator of an operation's cases: its own method (now and then one the path does not
 * serve), path, query and header parameters, a credential and, where it takes one, a body.
 */
export function httpCase(
  op: Operation,
  known: KnownValues,
  allowed: readonly Role[] | 'public',
): fc.Arbitrary<HttpCase> {
  const unsupported = ALL_METHODS.filter((m) => !op.pathMethods.includes(m));
  const method = unsupported.length
    ? fc.oneof(
        { weight: 19, arbitrary: fc.constant(op.method) },
        { weight: 1, arbitrary: fc.constantFrom(...unsupported) },
      )
    : fc.constant(op.method);
  const pathParams = op.params.filter((p) => p.in === 'path');
  const headerParams = op.params.filter((p) => p.in === 'header');
  const declaredHeader = fc.option(
    fc.oneof(
      fc.uuid(),
      hostileString(1_000).filter((v) => /^[\t\x20-\x7e\x80-\xff]*$/.test(v)),
      headerText(40),
    ),
    { nil: undefined },
  );
  return fc
    .record({
      method,
      segments: fc.tuple(...pathParams.map((p) => pathSegment(p, known))),
      query: queryPairs(
        op.params.filter((p) => p.in === 'query'),
        known,
      ),
      credential: credential(allowed),
      declaredHeaders: fc.tuple(...headerParams.map(() => declaredHeader)),
      extraHeader: oneIn(5, hostileHeader(), {}),
      body: op.body ? requestBody(op.body, known) : oneIn(8, requestBody(undefined, known), undefined),
    })
    .map((parts): HttpCase => {
      // The server refuses an oversized head before reading on; a body still being sent would
      // turn its answer into a connection reset.
      const body = FILL_HEADER in parts.extraHeader ? undefined : parts.body;
      let i = 0;
      const path = op.path.replace(/\{[^}]+\}/g, () => parts.segments[i++]!);
      const search = parts.query.map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join('&');
      const headers: Record<string, string> = {};
      headerParams.forEach((p, j) => {
        if (parts.declaredHeaders[j] !== undefined) headers[p.name.toLowerCase()] = parts.declaredHeaders[j]!;
      });
      if (body?.[1]) headers['content-type'] = body[1];
      Object.assign(headers, parts.extraHeader);
      return {
        method: parts.method,
        target: search ? `${path}?${search}` : path,
        credential: parts.credential,
        headers,
        ...(body ? { body: body[0] } : {}),
      };
    });
}

/** The request as a failure report prints it: never the token itself. */
export function describeHttpCase(c: HttpCase): string {
  const lines = [`${c.method} ${clip(c.target, 500)}`, describeCredential(c.credential)];
  for (const [name, value] of Object.entries(c.headers))
    lines.push(`${name}: ${clip(JSON.stringify(value), 200)}`);
  if (c.body !== undefined) lines.push(`body: ${clip(JSON.stringify(c.body), 2_000)}`);
  return lines.join('\n');
}

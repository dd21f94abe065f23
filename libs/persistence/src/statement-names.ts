import { createHash } from 'node:crypto';

/** Names by statement text, so a hot statement's text is hashed once per process. */
const names = new Map<string, string>();
/** Texts built from code are few; past this many, names are computed without being kept. */
const MAX_CACHED = 2_000;

/**
 * The prepared-statement name of a statement text: the same text always gets the same name, and
 * the name fits PostgreSQL's 63-byte limit (longer names would be cut and collide).
 */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `cb_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    if (names.size < MAX_CACHED) names.set(text, name);
  }
  return name;
}

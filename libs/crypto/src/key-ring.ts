/** One key of a ring: a version name and its 32 bytes (AES-256). */
export interface RingKey {
  version: string;
  key: Buffer;
}

/** The two environment variables a ring is configured by, named in every problem message. */
export interface RingVariables {
  /** `v1:<base64 of 32 bytes>,v2:<…>`, e.g. EHR_SYNC_KEKS. */
  list: string;
  /** The version new seals or wraps use, e.g. EHR_SYNC_KEK_ACTIVE. */
  active: string;
}

const VERSION = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * A versioned set of AES-256 keys (`v1:<base64 of 32 bytes>,v2:<…>`) and the one new seals or
 * wraps use. Older versions stay only to open what was sealed under them; an operator retires one
 * once nothing sealed under it remains (docs/ehr-sync.md, "KEK rotation"; docs/events.md, "Sealed
 * fields").
 */
export class KeyRing {
  private constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    readonly active: RingKey,
  ) {}

  /** The versions configured, in the order given. */
  get versions(): string[] {
    return [...this.keys.keys()];
  }

  /** The key of `version`, or undefined when it is not configured (retired, or never known). */
  get(version: string): RingKey | undefined {
    const key = this.keys.get(version);
    return key ? { version, key } : undefined;
  }

  /** Parses the two variables; throws a message naming what is wrong (never the key material). */
  static parse(list: string, active: string | undefined, names: RingVariables): KeyRing {
    const problems = keyRingProblems(list, active, names);
    if (problems.length > 0) throw new Error(problems.join('; '));
    const keys = new Map<string, Buffer>();
    for (const entry of entriesOf(list)) keys.set(entry.version, decodeKey(entry.material)!);
    const chosen = active ?? [...keys.keys()][0]!;
    return new KeyRing(keys, { version: chosen, key: keys.get(chosen)! });
  }
}

/** What is wrong with a ring's two variables, one sentence each, quoting no key. */
export function keyRingProblems(list: string, active: string | undefined, names: RingVariables): string[] {
  const problems: string[] = [];
  const entries = entriesOf(list);
  if (entries.length === 0) problems.push('must list at least one `<version>:<base64 of 32 bytes>`');
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    if (!VERSION.test(entry.version)) {
      problems.push(
        `entry ${index + 1}: the version must be 1-32 characters of [A-Za-z0-9_-] before a colon`,
      );
      return;
    }
    if (seen.has(entry.version)) problems.push(`version ${entry.version} is listed twice`);
    seen.add(entry.version);
    if (!decodeKey(entry.material))
      problems.push(`version ${entry.version}: the key must be base64 of exactly 32 bytes`);
  });
  if (active !== undefined && !seen.has(active))
    problems.push(`${names.active} names ${active}, which is not listed`);
  if (active === undefined && seen.size > 1)
    problems.push(`${names.active} must name the version new values are sealed with`);
  return problems;
}

function entriesOf(list: string): { version: string; material: string }[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const colon = entry.indexOf(':');
      return colon < 0
        ? { version: '', material: entry }
        : { version: entry.slice(0, colon), material: entry.slice(colon + 1) };
    });
}

/** Base64 (standard or URL-safe) of exactly 32 bytes, else undefined. */
export function decodeKey(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === 32 ? key : undefined;
}

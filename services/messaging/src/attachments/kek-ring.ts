/** One key-encryption key: a version name and its 32 bytes (AES-256). */
export interface Kek {
  version: string;
  key: Buffer;
}

const VERSION = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * The configured KEKs (MESSAGING_KEKS `v1:<base64 of 32 bytes>,v2:<…>`) and the one new wraps use
 * (MESSAGING_KEK_ACTIVE); older versions stay only to unwrap data keys wrapped under them.
 * The same format and rules as ehr-sync's key vault.
 */
export class KekRing {
  private constructor(
    private readonly keks: ReadonlyMap<string, Buffer>,
    readonly active: Kek,
  ) {}

  get(version: string): Kek | undefined {
    const key = this.keks.get(version);
    return key ? { version, key } : undefined;
  }

  /** Parses the two variables; throws a message naming what is wrong (never the key material). */
  static parse(list: string, active: string | undefined): KekRing {
    const problems = kekListProblems(list, active);
    if (problems.length > 0) throw new Error(problems.join('; '));
    const keks = new Map<string, Buffer>();
    for (const entry of entriesOf(list)) keks.set(entry.version, decodeKey(entry.material)!);
    const chosen = active ?? [...keks.keys()][0]!;
    return new KekRing(keks, { version: chosen, key: keks.get(chosen)! });
  }
}

/** What is wrong with the KEK list and its active version, one sentence each, quoting no key. */
export function kekListProblems(list: string, active: string | undefined): string[] {
  const problems: string[] = [];
  const entries = entriesOf(list);
  if (entries.length === 0) problems.push('must list at least one `<version>:<base64 of 32 bytes>`');
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    if (!VERSION.test(entry.version)) {
      problems.push(`entry ${index + 1}: the version must be 1-32 characters of [A-Za-z0-9_-] before a colon`);
      return;
    }
    if (seen.has(entry.version)) problems.push(`version ${entry.version} is listed twice`);
    seen.add(entry.version);
    if (!decodeKey(entry.material)) problems.push(`version ${entry.version}: the key must be base64 of exactly 32 bytes`);
  });
  if (active !== undefined && !seen.has(active)) problems.push(`the active KEK ${active} is not listed`);
  if (active === undefined && seen.size > 1) problems.push('the active KEK must be named when several are listed');
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

function decodeKey(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === 32 ? key : undefined;
}

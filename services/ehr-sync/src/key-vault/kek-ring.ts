/** One key-encryption key: a version name and its 32 bytes (AES-256). */
export interface Kek {
  version: string;
  key: Buffer;
}

const VERSION = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * The configured KEKs (EHR_SYNC_KEKS `v1:<base64 of 32 bytes>,v2:<…>`) and the one new wraps use
 * (EHR_SYNC_KEK_ACTIVE). Older versions stay only to unwrap keys not yet rewrapped; an operator
 * retires one once no key is wrapped under it (docs/ehr-sync.md, "KEK rotation").
 */
export class KekRing {
  private constructor(
    private readonly keks: ReadonlyMap<string, Buffer>,
    readonly active: Kek,
  ) {}

  /** The versions configured, in the order given. */
  get versions(): string[] {
    return [...this.keks.keys()];
  }

  /** The KEK of `version`, or undefined when it is not configured (retired, or never known). */
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

/** What is wrong with EHR_SYNC_KEKS / EHR_SYNC_KEK_ACTIVE, one sentence each, quoting no key. */
export function kekListProblems(list: string, active: string | undefined): string[] {
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
    problems.push(`EHR_SYNC_KEK_ACTIVE names ${active}, which is not listed`);
  if (active === undefined && seen.size > 1)
    problems.push('EHR_SYNC_KEK_ACTIVE must name the version new keys are wrapped with');
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

/** The base seed of every fuzz suite; the same seed generates the same requests. */
export const FUZZ_SEED_ENV = 'CAREBUS_FUZZ_SEED';
/** Cases per operation (at least 30 by default). */
export const FUZZ_RUNS_ENV = 'CAREBUS_FUZZ_RUNS';
/** The service's LOG_LEVEL during a fuzz suite: `silent` unless set (`error` shows each 5xx's stack). */
export const FUZZ_LOG_LEVEL_ENV = 'CAREBUS_FUZZ_LOG_LEVEL';
export const DEFAULT_FUZZ_SEED = 20_261_206;
export const DEFAULT_FUZZ_RUNS = 30;

export interface FuzzSettings {
  seed: number;
  runs: number;
  logLevel: string;
}

export function fuzzSettings(env: NodeJS.ProcessEnv = process.env): FuzzSettings {
  const seed = Number(env[FUZZ_SEED_ENV] ?? DEFAULT_FUZZ_SEED);
  const runs = Number(env[FUZZ_RUNS_ENV] ?? DEFAULT_FUZZ_RUNS);
  if (!Number.isSafeInteger(seed)) throw new Error(`${FUZZ_SEED_ENV} must be an integer`);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`${FUZZ_RUNS_ENV} must be a positive integer`);
  return { seed, runs, logLevel: env[FUZZ_LOG_LEVEL_ENV] ?? 'silent' };
}

/**
 * One seed per operation (FNV-1a of the base seed and its name): an operation's cases stay the
 * same when others are added or removed, so a failure replays with the base seed alone.
 */
export function operationSeed(base: number, operation: string): number {
  let hash = 0x811c9dc5;
  for (const ch of `${base}:${operation}`) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash | 0;
}

/** FNV-1a: a seed string (or number) as 32 bits. */
export function seedHash(seed: string | number): number {
  let h = 0x811c9dc5;
  for (const ch of String(seed)) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A small deterministic generator (mulberry32) for one record: the same seed, kind and index
 * always give the same numbers, so a seeded record can be computed again on every read.
 */
export function recordRandom(seed: number, kind: number, index: number): () => number {
  let state = (seed ^ Math.imul(kind + 1, 0x9e3779b1) ^ Math.imul(index, 0x85ebca6b)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

import type { Canary } from './canaries';

/** A canary found where it must not be: which one, where, and the text around it. */
export interface CanaryHit {
  field: Canary['field'];
  where: string;
  excerpt: string;
}

const AROUND = 60;

/** Every occurrence of every canary in `text` (case-insensitive), named by `where`. */
export function findCanaries(text: string, canaries: readonly Canary[], where: string): CanaryHit[] {
  const haystack = text.toLowerCase();
  const hits: CanaryHit[] = [];
  for (const canary of canaries) {
    for (let at = haystack.indexOf(canary.needle); at >= 0; at = haystack.indexOf(canary.needle, at + 1)) {
      const excerpt = text.slice(Math.max(0, at - AROUND), at + canary.needle.length + AROUND);
      hits.push({ field: canary.field, where, excerpt });
    }
  }
  return hits;
}

/** Hits in a process's output, one search per line so a hit names its line. */
export function findCanariesInLines(output: string, canaries: readonly Canary[], what: string): CanaryHit[] {
  return output.split('\n').flatMap((line, i) => findCanaries(line, canaries, `${what} line ${i + 1}`));
}

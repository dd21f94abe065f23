import { FUZZ_SEED_ENV } from './fuzz-settings';

/** How many failing cases a report spells out; the rest are counted. */
const SHOWN = 5;

export const clip = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

export interface FuzzFailure {
  /** The case's number in its operation's sample (from 0). */
  index: number;
  verdict: string;
  /** The request (never a token) and, where there is one, the answer. */
  details: string;
}

/** The error message of an operation whose cases failed: enough to reproduce each one. */
export function fuzzReport(operation: string, failures: FuzzFailure[], runs: number, seed: number): string {
  const shown = failures.slice(0, SHOWN).map((f) => `#${f.index}: ${f.verdict}\n${f.details}`);
  const rest = failures.slice(SHOWN).map((f) => `#${f.index} ${f.verdict}`);
  return [
    `${failures.length} of ${runs} cases of ${operation} failed (${FUZZ_SEED_ENV}=${seed}; cases are numbered from 0, and the same seed generates them again)`,
    ...shown,
    ...(rest.length ? [`… and ${rest.length} more: ${rest.join('; ')}`] : []),
  ].join('\n\n');
}

import { EHR_ADAPTER_CODES, EhrAdapterError } from '../ehr-adapters/ehr-adapter.errors';

/** What a failed EHR call means for the write. */
export type WriteFailure =
  /** Try again later; `holdConnection`: the EHR is down or asked to slow down, so its other writes wait too. */
  | { kind: 'retry'; code: string; retryAfterMs: number | null; holdConnection: boolean }
  /** The EHR refused the write itself: retrying changes nothing. */
  | { kind: 'park'; code: string }
  /** The connection's session was refused: the connection's status changes and the write waits. */
  | { kind: 'connection'; failure: 'rejected' | 'deauthorized'; code: string };

const C = EHR_ADAPTER_CODES;

export function classifyWriteFailure(error: unknown): WriteFailure {
  if (!(error instanceof EhrAdapterError))
    return { kind: 'retry', code: C.unavailable, retryAfterMs: null, holdConnection: false };
  switch (error.code) {
    case C.rateLimited:
      return { kind: 'retry', code: error.code, retryAfterMs: error.retryAfterMs, holdConnection: true };
    case C.unavailable:
    case C.badResponse:
      return { kind: 'retry', code: error.code, retryAfterMs: null, holdConnection: true };
    case C.credentialsRejected:
      return { kind: 'connection', failure: 'rejected', code: error.code };
    case C.deauthorized:
      return { kind: 'connection', failure: 'deauthorized', code: error.code };
    default:
      // insert refused, request refused, not found, write conflict: the EHR's answer will not change.
      return { kind: 'park', code: error.code };
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppointmentWrites } from './data/appointment-writes';
import type { EhrStore } from './data/ehr-store';
import type { IdempotencyKeys } from './data/idempotency-keys';
import type { JournalNotes } from './data/journal-notes';
import type { WriteJournal } from './data/write-journal';
import type { Authorisations } from './authorisations';
import type { FaultControl } from './faults';

/** Everything a style's routes need: the shared EHR and its controls. */
export interface SimulatorContext {
  store: EhrStore;
  writes: AppointmentWrites;
  journal: WriteJournal;
  notes: JournalNotes;
  idempotency: IdempotencyKeys;
  faults: FaultControl;
  fhirTokens: Authorisations;
  vendorSessions: Authorisations;
  fhirClient: { clientId: string; clientSecret: string };
  vendorUser: { username: string; activationCode: string };
  tokenTtlSeconds: number;
}

/** One request to a style: `path` is relative to the style's root (`/Patient/pat-1`). */
export interface ApiCall {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  path: string;
  /** Base URL of the style's root, for links (`http://127.0.0.1:8090/fhir/r4`). */
  base: string;
}

/** The errors every style answers in its own shape. */
export type CommonError =
  'unavailable' | 'server_error' | 'rate_limited' | 'not_found' | 'too_large' | 'bad_json';

export interface ApiStyle {
  handle(call: ApiCall): Promise<void>;
  fail(res: ServerResponse, error: CommonError, retryAfterSeconds?: number): void;
}

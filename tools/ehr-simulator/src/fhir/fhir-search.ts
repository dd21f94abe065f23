import type { EhrStore } from '../data/ehr-store';
import type { PagePosition } from '../data/record-page';
import type { AppointmentRecord, EhrRecord } from '../data/records';
import { decodeCursor, encodeCursor, isRevision } from '../page-cursor';
import type { FhirType } from './fhir-resources';
import type { OutcomeIssue } from './operation-outcome';

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 1000;

interface Filters {
  dateGe?: number;
  dateLt?: number;
  practitioner?: string;
  schedule?: string;
}

export interface FhirSearch {
  position: PagePosition;
  count: number;
  filters: Filters;
  keep: (record: EhrRecord) => boolean;
}

const COMMON = new Set(['_lastUpdated', '_count', '_sort', '_cursor', '_format']);
const BY_TYPE: Partial<Record<FhirType, string[]>> = {
  Appointment: ['date', 'practitioner'],
  Slot: ['schedule'],
};

/** A search's parameters (or its `_cursor`) as a page position and filters. */
export function parseSearch(
  type: FhirType,
  query: URLSearchParams,
  store: EhrStore,
): FhirSearch | OutcomeIssue {
  for (const name of new Set(query.keys())) {
    if (!COMMON.has(name) && !BY_TYPE[type]?.includes(name))
      return { code: 'not-supported', diagnostics: `Unknown search parameter ${name}.` };
  }
  const count = parseCount(query.get('_count'));
  if (count === null) return { code: 'invalid', diagnostics: '_count must be a positive integer.' };
  const sort = query.get('_sort');
  if (sort !== null && sort !== '_lastUpdated')
    return { code: 'not-supported', diagnostics: 'Only _sort=_lastUpdated is supported.' };
  const cursor = query.get('_cursor');
  if (cursor !== null) return fromCursor(type, cursor, count);

  const position = { after: 0, upTo: store.revision };
  for (const value of query.getAll('_lastUpdated')) {
    const bound = parsePrefixed(value);
    if (!bound) return { code: 'invalid', diagnostics: '_lastUpdated must be [ge|gt|le|lt|eq]<instant>.' };
    const { prefix, instant } = bound;
    if (prefix === 'ge' || prefix === 'eq')
      position.after = Math.max(position.after, store.firstRevisionFrom(instant) - 1);
    if (prefix === 'gt') position.after = Math.max(position.after, store.firstRevisionFrom(instant + 1) - 1);
    if (prefix === 'le' || prefix === 'eq')
      position.upTo = Math.min(position.upTo, store.firstRevisionFrom(instant + 1) - 1);
    if (prefix === 'lt') position.upTo = Math.min(position.upTo, store.firstRevisionFrom(instant) - 1);
  }
  const filters: Filters = {};
  for (const value of query.getAll('date')) {
    const bound = parsePrefixed(value);
    if (!bound || !['ge', 'lt'].includes(bound.prefix))
      return { code: 'invalid', diagnostics: 'date must be ge<instant> or lt<instant>.' };
    if (bound.prefix === 'ge') filters.dateGe = bound.instant;
    else filters.dateLt = bound.instant;
  }
  const practitioner = query.get('practitioner');
  if (practitioner) filters.practitioner = practitioner.replace(/^Practitioner\//, '');
  const schedule = query.get('schedule');
  if (schedule) filters.schedule = schedule.replace(/^(Schedule\/)?sched-/, '');
  return { position, count, filters, keep: keeper(filters) };
}

export function nextCursor(type: FhirType, next: PagePosition, filters: Filters): string {
  return encodeCursor({ t: type, a: next.after, u: next.upTo, f: filters });
}

function fromCursor(type: FhirType, cursor: string, count: number): FhirSearch | OutcomeIssue {
  const state = decodeCursor(cursor);
  if (
    !state ||
    state.t !== type ||
    !isRevision(state.a) ||
    !isRevision(state.u) ||
    typeof state.f !== 'object' ||
    state.f === null
  ) {
    return { code: 'invalid', diagnostics: 'The _cursor is not valid.' };
  }
  const filters = state.f as Filters;
  return { position: { after: state.a, upTo: state.u }, count, filters, keep: keeper(filters) };
}

function keeper(filters: Filters): (record: EhrRecord) => boolean {
  const { dateGe, dateLt, practitioner, schedule } = filters;
  if (dateGe === undefined && dateLt === undefined && !practitioner && !schedule) return () => true;
  return (record) => {
    const r = record as AppointmentRecord;
    if (dateGe !== undefined && r.start < dateGe) return false;
    if (dateLt !== undefined && r.start >= dateLt) return false;
    if (practitioner && r.providerId !== practitioner) return false;
    return !schedule || r.providerId === schedule;
  };
}

function parseCount(value: string | null): number | null {
  if (value === null) return DEFAULT_COUNT;
  if (!/^[1-9]\d{0,6}$/.test(value)) return null;
  return Math.min(Number(value), MAX_COUNT);
}

function parsePrefixed(value: string): { prefix: string; instant: number } | null {
  const match = /^(ge|gt|le|lt|eq)?(\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2}))?)$/.exec(value);
  const instant = match ? Date.parse(match[2]!) : NaN;
  return match && !Number.isNaN(instant) ? { prefix: match[1] ?? 'eq', instant } : null;
}

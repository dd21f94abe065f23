import type { EhrStore } from '../data/ehr-store';
import type { PagePosition } from '../data/record-page';
import type { AppointmentRecord, EhrRecord } from '../data/records';
import { decodeCursor, encodeCursor, isRevision } from '../page-cursor';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

interface Filters {
  from?: number;
  to?: number;
  providerId?: string;
}

export interface VendorListing {
  position: PagePosition;
  pageSize: number;
  filters: Filters;
  keep: (record: EhrRecord) => boolean;
}

export type ListingError = {
  errorCode: 'INVALID_PAGE_SIZE' | 'INVALID_CURSOR' | 'BAD_REQUEST';
  errorText: string;
};

/** `cursor`, `pageSize`, `sinceRevision` and the appointment filters of a vendor list call. */
export function parseListing(
  list: string,
  query: URLSearchParams,
  store: EhrStore,
): VendorListing | ListingError {
  const size = query.get('pageSize');
  const pageSize = size === null ? DEFAULT_PAGE_SIZE : /^\d{1,4}$/.test(size) ? Number(size) : NaN;
  if (!(pageSize >= 1 && pageSize <= MAX_PAGE_SIZE)) {
    return { errorCode: 'INVALID_PAGE_SIZE', errorText: `pageSize must be 1–${MAX_PAGE_SIZE}.` };
  }
  const cursor = query.get('cursor');
  if (cursor) {
    const state = decodeCursor(cursor);
    if (
      !state ||
      state.l !== list ||
      !isRevision(state.a) ||
      !isRevision(state.u) ||
      typeof state.f !== 'object' ||
      state.f === null
    ) {
      return { errorCode: 'INVALID_CURSOR', errorText: 'The cursor is not valid.' };
    }
    const filters = state.f as Filters;
    return { position: { after: state.a, upTo: state.u }, pageSize, filters, keep: keeper(filters) };
  }
  const since = query.get('sinceRevision');
  if (since !== null && !/^\d{1,15}$/.test(since))
    return { errorCode: 'BAD_REQUEST', errorText: 'sinceRevision must be a revision number.' };
  const filters: Filters = {};
  for (const [name, key] of [
    ['fromDate', 'from'],
    ['toDate', 'to'],
  ] as const) {
    const value = query.get(name);
    if (value === null) continue;
    const instant = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(instant))
      return { errorCode: 'BAD_REQUEST', errorText: `${name} must be an ISO date or instant.` };
    filters[key] = instant;
  }
  const providerId = query.get('providerId');
  if (providerId) filters.providerId = providerId;
  return {
    position: { after: Number(since ?? 0), upTo: store.revision },
    pageSize,
    filters,
    keep: keeper(filters),
  };
}

export function listingCursor(list: string, next: PagePosition, filters: Filters): string {
  return encodeCursor({ l: list, a: next.after, u: next.upTo, f: filters });
}

function keeper({ from, to, providerId }: Filters): (record: EhrRecord) => boolean {
  return (record) => {
    if (record.kind !== 'appointment') return true;
    const r = record as AppointmentRecord;
    if (from !== undefined && r.start < from) return false;
    if (to !== undefined && r.start >= to) return false;
    return !providerId || r.providerId === providerId;
  };
}

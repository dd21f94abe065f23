import type { EhrStore } from './ehr-store';
import type { EhrRecord, RecordKind } from './records';

/** Where a paged listing stands: after which revision, up to which (fixed by the first page). */
export interface PagePosition {
  after: number;
  upTo: number;
}

export interface RecordPage<R extends EhrRecord> {
  records: R[];
  /** Position of the next page, null on the last one. */
  next: PagePosition | null;
}

/** One page of a listing, oldest revision first; `keep` filters without ending the page early. */
export function recordPage<R extends EhrRecord>(
  store: EhrStore,
  kinds: ReadonlySet<RecordKind>,
  position: PagePosition,
  size: number,
  keep: (record: R) => boolean = () => true,
): RecordPage<R> {
  const records: R[] = [];
  for (const record of store.after(kinds, position.after, position.upTo) as Generator<R>) {
    if (!keep(record)) continue;
    if (records.length === size) {
      return { records, next: { after: records.at(-1)!.revision, upTo: position.upTo } };
    }
    records.push(record);
  }
  return { records, next: null };
}

import { PREFIX, SEEDED_AT, type SeededDataset } from './seeded-dataset';
import type { AppointmentRecord, EhrRecord, RecordKind } from './records';

interface Change {
  revision: number;
  lastUpdated: number;
  kind: RecordKind;
  id: string;
}

type Draft<R extends EhrRecord> = Omit<R, 'id' | 'revision' | 'version' | 'lastUpdated'>;

/**
 * The simulated EHR: seeded records (computed) plus the changes made since start (stored). One
 * global revision counter orders every change; `lastUpdated` grows strictly with it.
 */
export class EhrStore {
  private readonly changed = new Map<string, EhrRecord>();
  private readonly changes: Change[] = [];
  private created = 0;

  constructor(
    private readonly seeded: SeededDataset,
    private readonly now: () => number = Date.now,
  ) {}

  get revision(): number {
    return this.seeded.lastRevision + this.changes.length;
  }

  get(kind: RecordKind, id: string): EhrRecord | null {
    const record = this.changed.get(id) ?? this.seeded.byId(kind, id);
    return record?.kind === kind ? record : null;
  }

  appointment(id: string): AppointmentRecord | null {
    return this.get('appointment', id) as AppointmentRecord | null;
  }

  /**
   * Records of the given kinds with afterRevision < revision <= upTo, oldest first, each once at
   * its current revision. Lazy: a page reads only as far as it needs.
   */
  *after(kinds: ReadonlySet<RecordKind>, afterRevision: number, upTo: number): Generator<EhrRecord> {
    const ranges = [...kinds].map((kind) => this.seeded.range(kind));
    const seededStart = Math.max(afterRevision + 1, Math.min(...ranges.map(([lo]) => lo)));
    const seededEnd = Math.min(upTo, Math.max(...ranges.map(([, hi]) => hi)));
    for (let revision = seededStart; revision <= seededEnd; revision++) {
      const record = this.seeded.atRevision(revision);
      if (kinds.has(record.kind) && !this.changed.has(record.id)) yield record;
    }
    for (let i = this.firstChangeAfter(afterRevision); i < this.changes.length; i++) {
      const change = this.changes[i]!;
      if (change.revision > upTo) return;
      const record = this.changed.get(change.id)!;
      if (kinds.has(change.kind) && record.revision === change.revision) yield record;
    }
  }

  /** The first revision whose lastUpdated is at or after the instant (revision + 1 when none). */
  firstRevisionFrom(instant: number): number {
    if (instant <= SEEDED_AT + this.seeded.lastRevision) return Math.max(1, Math.ceil(instant - SEEDED_AT));
    let lo = 0;
    let hi = this.changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.changes[mid]!.lastUpdated < instant) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.changes.length ? this.changes[lo]!.revision : this.revision + 1;
  }

  create<R extends EhrRecord>(draft: Draft<R>): R {
    const id = `${PREFIX[draft.kind]}n${++this.created}`;
    return this.commit({ ...draft, id, version: 0 } as unknown as R);
  }

  update<R extends EhrRecord>(current: R, patch: Partial<Draft<R>>): R {
    return this.commit({ ...current, ...patch });
  }

  private commit<R extends EhrRecord>(record: R): R {
    const last = this.changes.at(-1)?.lastUpdated ?? SEEDED_AT + this.seeded.lastRevision;
    const saved = {
      ...record,
      revision: this.revision + 1,
      version: record.version + 1,
      lastUpdated: Math.max(this.now(), last + 1),
    };
    this.changes.push({
      revision: saved.revision,
      lastUpdated: saved.lastUpdated,
      kind: saved.kind,
      id: saved.id,
    });
    this.changed.set(saved.id, saved);
    return saved;
  }

  private firstChangeAfter(revision: number): number {
    return Math.max(0, revision - this.seeded.lastRevision);
  }
}

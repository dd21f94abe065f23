import { AppointmentWrites, isRefusal } from './appointment-writes';
import { WriteJournal } from './write-journal';
import { EhrStore } from './ehr-store';
import { recordPage, type RecordPage } from './record-page';
import type { AppointmentRecord } from './records';
import { SeededDataset } from './seeded-dataset';

function store(appointments = 120) {
  let now = Date.parse('2026-03-01T10:00:00Z');
  const data = new SeededDataset({
    seed: 't',
    practitioners: 3,
    patients: 20,
    appointments,
    scheduleStart: '2026-01-05',
    scheduleDays: 3,
  });
  const s = new EhrStore(data, () => now);
  return {
    store: s,
    writes: new AppointmentWrites(s, new WriteJournal()),
    tick: (ms: number) => (now += ms),
  };
}

const APPOINTMENTS = new Set(['appointment'] as const);

function allIds(s: EhrStore, size: number): string[] {
  const ids: string[] = [];
  let position: { after: number; upTo: number } | null = { after: 0, upTo: s.revision };
  while (position) {
    const page: RecordPage<AppointmentRecord> = recordPage(s, APPOINTMENTS, position, size);
    ids.push(...page.records.map((r) => r.id));
    position = page.next;
  }
  return ids;
}

describe('EhrStore', () => {
  it('pages through every appointment exactly once', () => {
    const { store: s } = store();
    const ids = allIds(s, 7);
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
  });

  it('moves a changed record to a new revision and version, once', () => {
    const { store: s, writes } = store();
    const cancelled = writes.cancel('appt-5') as AppointmentRecord;
    expect(cancelled).toMatchObject({ status: 'cancelled', version: 2, revision: s.revision });
    const ids = allIds(s, 10);
    expect(ids.filter((id) => id === 'appt-5')).toHaveLength(1);
    expect(ids.at(-1)).toBe('appt-5');
  });

  it('gives changes strictly growing lastUpdated even within one millisecond', () => {
    const { store: s, writes } = store();
    const a = writes.cancel('appt-1') as AppointmentRecord;
    const b = writes.cancel('appt-2') as AppointmentRecord;
    expect(b.lastUpdated).toBe(a.lastUpdated + 1);
    expect(s.firstRevisionFrom(b.lastUpdated)).toBe(b.revision);
    expect(s.firstRevisionFrom(a.lastUpdated + 1)).toBe(b.revision);
  });

  it('maps an instant inside the seeded range to its revision', () => {
    const { store: s } = store();
    const seeded = s.get('appointment', 'appt-10')!;
    expect(s.firstRevisionFrom(seeded.lastUpdated)).toBe(seeded.revision);
    expect(s.firstRevisionFrom(0)).toBe(1);
  });

  it('refuses an insert without a class when the EHR requires one', () => {
    const { writes } = store();
    const input = { providerId: 'prov-1', patientId: 'pat-1', classId: null, start: 1_000, end: 2_000 };
    expect(writes.create(input, true)).toEqual({ refused: 'class_required' });
    const created = writes.create(input, false);
    expect(isRefusal(created)).toBe(false);
  });

  it('refuses unknown providers, patients and reversed times', () => {
    const { writes } = store();
    const ok = { providerId: 'prov-1', patientId: 'pat-1', classId: 'cls-1', start: 1_000, end: 2_000 };
    expect(writes.create({ ...ok, providerId: 'prov-9' }, false)).toMatchObject({
      refused: 'invalid',
      field: 'providerId',
    });
    expect(writes.create({ ...ok, patientId: 'pat-99' }, false)).toMatchObject({
      refused: 'invalid',
      field: 'patientId',
    });
    expect(writes.create({ ...ok, end: 500 }, false)).toMatchObject({ refused: 'invalid', field: 'end' });
  });
});

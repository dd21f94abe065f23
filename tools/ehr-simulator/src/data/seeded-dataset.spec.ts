import { SeededDataset } from './seeded-dataset';

const size = {
  practitioners: 4,
  patients: 50,
  appointments: 300,
  scheduleStart: '2026-01-05',
  scheduleDays: 5,
};

describe('SeededDataset', () => {
  it('gives the same records for the same seed', () => {
    const a = new SeededDataset({ seed: 'same', ...size });
    const b = new SeededDataset({ seed: 'same', ...size });
    for (let revision = 1; revision <= a.lastRevision; revision += 7) {
      expect(b.atRevision(revision)).toEqual(a.atRevision(revision));
    }
  });

  it('gives other records for another seed', () => {
    const a = new SeededDataset({ seed: 'one', ...size });
    const b = new SeededDataset({ seed: 'two', ...size });
    const differ = [...Array(50).keys()].filter(
      (i) => JSON.stringify(a.atRevision(60 + i)) !== JSON.stringify(b.atRevision(60 + i)),
    );
    expect(differ.length).toBeGreaterThan(40);
  });

  it('finds a seeded record by id and refuses ids outside the seed', () => {
    const data = new SeededDataset({ seed: 's', ...size });
    expect(data.byId('appointment', 'appt-300')).toMatchObject({ id: 'appt-300', revision: 354 });
    expect(data.byId('appointment', 'appt-301')).toBeNull();
    expect(data.byId('patient', 'appt-1')).toBeNull();
    expect(data.byId('provider', 'prov-0')).toBeNull();
  });

  it('keeps appointments inside the schedule days, on known providers and patients', () => {
    const data = new SeededDataset({ seed: 's', ...size });
    const [lo, hi] = data.range('appointment');
    for (let revision = lo; revision <= hi; revision++) {
      const r = data.atRevision(revision);
      if (r.kind !== 'appointment') throw new Error('not an appointment');
      expect(r.start).toBeGreaterThanOrEqual(Date.parse('2026-01-05T08:00:00Z'));
      expect(r.end).toBeLessThanOrEqual(Date.parse('2026-01-09T17:00:00Z'));
      expect(data.byId('provider', r.providerId)).not.toBeNull();
      if (r.patientId) expect(data.byId('patient', r.patientId)).not.toBeNull();
    }
  });
});

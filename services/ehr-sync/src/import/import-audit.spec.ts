import { importAuditEntries } from './import-audit';

const source = { clinicId: 'c1', connectionId: 'conn', syncRunId: 'run-1' };
const imported = [{ externalId: 'a' }, { externalId: 'b' }, { externalId: 'c' }];

describe('importAuditEntries', () => {
  it("audits a sync run's page once, on the run", () => {
    expect(importAuditEntries(source, imported)).toEqual([
      expect.objectContaining({
        clinicId: 'c1',
        action: 'ehr_appointment.import',
        resourceType: 'ehr_sync_run',
        resourceId: 'run-1',
        outcome: 'allowed',
      }),
    ]);
  });

  it('audits each appointment of a pushed change (no run)', () => {
    const entries = importAuditEntries({ ...source, syncRunId: null }, imported);
    expect(entries.map((e) => [e.resourceType, e.resourceId])).toEqual([
      ['ehr_appointment', 'conn:a'],
      ['ehr_appointment', 'conn:b'],
      ['ehr_appointment', 'conn:c'],
    ]);
  });

  it('writes nothing for a page that imported nothing', () => {
    expect(importAuditEntries(source, [])).toEqual([]);
  });
});

import { EHR_ADAPTER_CODES } from '../ehr-adapter.errors';
import { appointmentFromVendor, providerFromVendor } from './vendor-records';

const record = {
  appointmentId: 'appt-1',
  revision: 42,
  providerId: 'prov-2',
  patientId: 'pat-9',
  classId: 'cls-1',
  start: '2026-01-05T08:00:00.000Z',
  end: '2026-01-05T08:30:00.000Z',
  status: 'CANCELLED',
  modifiedAt: '2026-01-01T00:00:00.042Z',
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('vendor records', () => {
  it('maps an appointment, its revision as the version', () => {
    expect(appointmentFromVendor(record)).toEqual({
      externalId: 'appt-1',
      version: '42',
      providerExternalId: 'prov-2',
      appointmentClass: 'cls-1',
      start: new Date('2026-01-05T08:00:00Z'),
      end: new Date('2026-01-05T08:30:00Z'),
      status: 'cancelled',
      patientExternalId: 'pat-9',
      updatedAt: new Date('2026-01-01T00:00:00.042Z'),
    });
  });

  it('keeps time without a patient or class', () => {
    expect(
      appointmentFromVendor({ ...record, patientId: null, classId: null, status: 'SCHEDULED' }),
    ).toMatchObject({ patientExternalId: null, appointmentClass: null, status: 'booked' });
  });

  it('refuses a broken shape as a bad response', () => {
    expect(codeOf(() => appointmentFromVendor({ ...record, revision: '42' }))).toBe(
      EHR_ADAPTER_CODES.badResponse,
    );
    expect(codeOf(() => appointmentFromVendor({ ...record, end: record.start }))).toBe(
      EHR_ADAPTER_CODES.badResponse,
    );
    expect(codeOf(() => appointmentFromVendor({ ...record, providerId: 7 }))).toBe(
      EHR_ADAPTER_CODES.badResponse,
    );
    expect(codeOf(() => providerFromVendor({ providerId: 'prov-1', revision: 1 }))).toBe(
      EHR_ADAPTER_CODES.badResponse,
    );
  });
});

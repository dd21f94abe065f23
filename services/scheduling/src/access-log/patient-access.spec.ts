import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { PatientAccessRecordedSchema } from '@carebus/contracts';
import { INVALID_ACCESS_EVENT } from '../scheduling.errors';
import { patientAccessOf } from './patient-access';

const PATIENT = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const payload = (overrides: Record<string, unknown> = {}) =>
  create(PatientAccessRecordedSchema, {
    clinicId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a00',
    patientId: PATIENT,
    service: 'notifications',
    subject: 'service:notifications',
    role: 'system',
    action: 'notification.send',
    resourceType: 'notification',
    resourceId: 'n-1',
    outcome: 'allowed',
    occurredAt: timestampFromDate(new Date('2027-01-02T03:04:05.678Z')),
    ...overrides,
  });

describe('patientAccessOf', () => {
  it('keeps who, what and when; empty optional fields become null', () => {
    expect(patientAccessOf(payload(), 'e-1')).toEqual({
      patientId: PATIENT,
      eventId: 'e-1',
      service: 'notifications',
      subject: 'service:notifications',
      role: 'system',
      clientId: null,
      displayName: null,
      action: 'notification.send',
      resourceType: 'notification',
      resourceId: 'n-1',
      outcome: 'allowed',
      occurredAt: new Date('2027-01-02T03:04:05.678Z'),
    });
  });

  it.each([
    ['no patient id', { patientId: '' }],
    ['a patient id that is no UUID', { patientId: 'patient-7' }],
    ['no subject', { subject: '' }],
    ['no action', { action: '' }],
    ['an unknown outcome', { outcome: 'maybe' }],
    ['no time', { occurredAt: undefined }],
    ['a NUL in the display name', { displayName: 'Kari\u0000' }],
  ])('refuses %s as unprocessable (dead-lettered at once)', (_name, overrides) => {
    expect(() => patientAccessOf(payload(overrides), 'e-1')).toThrow(
      expect.objectContaining({ kind: 'unprocessable', code: INVALID_ACCESS_EVENT }),
    );
  });
});

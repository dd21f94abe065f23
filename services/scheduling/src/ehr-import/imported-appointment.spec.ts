import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { EhrAppointmentImportedSchema, EhrAppointmentStatus } from '@carebus/contracts';
import { DomainError } from '@carebus/errors';
import { INVALID_IMPORT } from '../scheduling.errors';
import { importedAppointmentOf } from './imported-appointment';

const CLINIC = '0b5e1f3a-7c2d-4e8f-9a10-000000000001';
const CONNECTION = '0b5e1f3a-7c2d-4e8f-9a10-000000000007';
const CALENDAR = '0b5e1f3a-7c2d-4e8f-9a10-000000000002';
const START = new Date('2027-03-01T07:00:00Z');
const END = new Date('2027-03-01T07:30:00Z');

const payload = (more: Record<string, unknown> = {}) =>
  create(EhrAppointmentImportedSchema, {
    externalId: 'ehr-1',
    clinicId: CLINIC,
    connectionId: CONNECTION,
    calendarId: CALENDAR,
    appointmentTypeId: 'not-mapped',
    patientExternalId: '',
    status: EhrAppointmentStatus.BOOKED,
    startTime: timestampFromDate(START),
    endTime: timestampFromDate(END),
    ...more,
  });

describe('importedAppointmentOf', () => {
  it('reads the payload into the reconciliation command', () => {
    expect(importedAppointmentOf(payload(), 'event-1')).toEqual({
      clinicId: CLINIC,
      connectionId: CONNECTION,
      externalId: 'ehr-1',
      calendarId: CALENDAR,
      appointmentTypeId: null,
      patientExternalId: 'ehr-1',
      status: EhrAppointmentStatus.BOOKED,
      start: START,
      end: END,
      externalUpdatedAt: null,
      causeEventId: 'event-1',
    });
  });

  it.each([
    ['no connection', { connectionId: '' }, 'clinic_id, connection_id and external_id are required'],
    ['no external id', { externalId: '' }, 'clinic_id, connection_id and external_id are required'],
    ['no start', { startTime: undefined }, 'start and end are required'],
    ['an end before the start', { endTime: timestampFromDate(START) }, 'end must be after start'],
  ])('refuses %s as unprocessable (dead-lettered, never retried)', (_case, more, message) => {
    let error: unknown;
    try {
      importedAppointmentOf(payload(more), 'event-1');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'unprocessable', code: INVALID_IMPORT, message });
  });
});

import { encodeEnvelopeHeaders, encodeEventPayload, EVENTS, type EventDefinition } from '@carebus/contracts';
import { newPatientCanaries } from './canaries';
import { checkKafkaRecords } from './kafka-canary-check';
import type { RunRecord } from './kafka-run-records';

const canaries = newPatientCanaries();
const declared = new Map([[EVENTS.appointmentCancelled.type, ['reason']]]);
const clinicId = '00000000-0000-4000-8000-000000000001';

function record(
  definition: EventDefinition,
  init: object,
  extraHeaders: Record<string, string> = {},
): RunRecord {
  return {
    topic: definition.topic,
    partition: 0,
    offset: '7',
    key: Buffer.from('key'),
    value: Buffer.from(encodeEventPayload(definition, init as never)),
    headers: {
      ...encodeEnvelopeHeaders({
        id: '0190aaaa-0000-7000-8000-000000000001',
        type: definition.type,
        source: '/carebus/test',
        time: new Date(),
        clinicId,
        dataContentType: 'application/protobuf',
      }),
      ...extraHeaders,
    },
  };
}

describe('checkKafkaRecords', () => {
  it('allows a canary in a declared field', () => {
    const report = checkKafkaRecords(
      [record(EVENTS.appointmentCancelled, { appointment: { clinicId }, reason: canaries.freeText })],
      canaries.all,
      declared,
    );
    expect(report.violations).toEqual([]);
    expect(report.declared.map((h) => h.field)).toEqual(['freeText']);
  });

  it('flags the national id even in a declared field', () => {
    const report = checkKafkaRecords(
      [
        record(EVENTS.appointmentCancelled, {
          appointment: { clinicId },
          reason: `id ${canaries.nationalId}`,
        }),
      ],
      canaries.all,
      declared,
    );
    expect(report.violations.map((h) => h.field)).toEqual(['nationalId']);
  });

  it('flags a canary in an undeclared field, a header or the key', () => {
    const inField = record(EVENTS.appointmentBooked, {
      appointment: { clinicId, appointmentTypeName: canaries.name },
    });
    const inHeader = record(
      EVENTS.appointmentBooked,
      { appointment: { clinicId } },
      { 'carebus-error-message': canaries.email },
    );
    const inKey = {
      ...record(EVENTS.appointmentBooked, { appointment: { clinicId } }),
      key: Buffer.from(canaries.phone),
    };
    const report = checkKafkaRecords([inField, inHeader, inKey], canaries.all, declared);
    expect(report.violations.map((h) => h.field)).toEqual(['name', 'email', 'phone']);
    expect(report.violations[0]!.where).toContain('appointment.appointment_type_name');
  });

  it('flags a canary in a value that does not decode as its type', () => {
    const garbled = {
      ...record(EVENTS.appointmentCancelled, {}),
      value: Buffer.from(`\xff\xff${canaries.freeText}`),
    };
    const report = checkKafkaRecords([garbled], canaries.all, declared);
    expect(report.violations.map((h) => h.field)).toEqual(['freeText']);
  });
});

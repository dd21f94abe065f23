import { randomBytes } from 'node:crypto';
import { fromBinary } from '@bufbuild/protobuf';
import { NationalIdKind, PatientIdentitySchema, PatientRegisteredSchema } from '@carebus/contracts';
import { FieldSealer } from '@carebus/crypto';
import type { Patient } from './patient';
import { PatientEvents, patientIdentityAad } from './patient-events';

const CLINIC = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const sealer = FieldSealer.fromEnv('patient-identity', {
  CAREBUS_PATIENT_IDENTITY_KEYS: `v1:${randomBytes(32).toString('base64')}`,
});
const patient: Patient = {
  id: '22222222-3333-4444-8555-666666666666',
  name: 'Kari Nordmann',
  nationalId: '15038710041',
  nationalIdKind: 'fnr',
  phone: '+4799999999',
  email: 'kari@example.org',
  hasGuardian: false,
  listedPractitionerId: '11111111-2222-4333-8444-555555555555',
  createdAt: new Date('2026-01-01T00:00:00Z'),
  version: 3,
  updatedAt: new Date('2026-02-01T00:00:00Z'),
};

const decode = (p: Patient) =>
  fromBinary(PatientRegisteredSchema, new PatientEvents(sealer).registered(CLINIC, p).payload).patient!;

describe('scheduling.patient.v1 payloads', () => {
  it('carries routing facts in clear and name and national id only sealed, bound to the patient', () => {
    const event = new PatientEvents(sealer).registered(CLINIC, patient);
    expect(event).toMatchObject({ aggregateId: patient.id, clinicId: CLINIC, time: patient.updatedAt });
    const bytes = Buffer.from(event.payload);
    for (const secret of [patient.name, patient.nationalId!, patient.phone!, patient.email!]) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
    const p = decode(patient);
    expect(p).toMatchObject({
      listedPractitionerId: patient.listedPractitionerId,
      nationalIdKind: NationalIdKind.FNR,
      nationalIdValid: true,
      version: 3n,
    });
    const identity = fromBinary(
      PatientIdentitySchema,
      sealer.open(p.sealedIdentity!, patientIdentityAad(CLINIC, patient.id)),
    );
    expect(identity).toMatchObject({ name: patient.name, nationalId: patient.nationalId });
  });

  it('says so when there is no national id, or one that no longer passes the checks', () => {
    expect(decode({ ...patient, nationalId: null, nationalIdKind: null })).toMatchObject({
      nationalIdKind: NationalIdKind.UNSPECIFIED,
      nationalIdValid: false,
      listedPractitionerId: patient.listedPractitionerId,
    });
    expect(decode({ ...patient, nationalId: '15038710042', listedPractitionerId: null })).toMatchObject({
      nationalIdValid: false,
      listedPractitionerId: '',
    });
  });
});

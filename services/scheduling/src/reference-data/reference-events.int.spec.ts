import { randomBytes, randomUUID } from 'node:crypto';
import { fromBinary } from '@bufbuild/protobuf';
import {
  ContactSurface,
  EVENTS,
  NationalIdKind,
  PatientIdentitySchema,
  Profession,
  TOPICS,
  type AppointmentTypeCreated,
  type CalendarCreated,
  type PatientRegistered,
  type PractitionerCreated,
} from '@carebus/contracts';
import { FieldSealer } from '@carebus/crypto';
import { waitFor, type TestService } from '@carebus/testing';
import { EventTap, type ReceivedEvent } from '../../test/booking-fixture';
import { call, seedClinic, startSchedulingService, tokenFor } from '../../test/scheduling-test-service';
import { patientIdentityAad } from '../patients/patient-events';

// A valid fødselsnummer (mod-11 check digits) of no real person.
const NATIONAL_ID = '15038710041';
const NAME = `Kari Referanse ${randomUUID().slice(0, 8)}`;

describe('scheduling publishes its reference data (calendar, practitioner, appointment type, patient)', () => {
  let svc: TestService;
  let clinicId: string;
  let otherClinic: string;
  let admin: string;
  const keys = { CAREBUS_PATIENT_IDENTITY_KEYS: `v1:${randomBytes(32).toString('base64')}` };
  const sealer = FieldSealer.fromEnv('patient-identity', keys);
  const clinics = new Set<string>();
  const ofClinic = (e: { clinicId: string }) => clinics.has(e.clinicId);
  const taps = {
    calendar: new EventTap(TOPICS.schedulingCalendar, ofClinic),
    practitioner: new EventTap(TOPICS.schedulingPractitioner, ofClinic),
    type: new EventTap(TOPICS.schedulingAppointmentType, ofClinic),
    patient: new EventTap(TOPICS.schedulingPatient, ofClinic),
  };

  /** The events of one entity, in the order the topic holds them (one key, one partition). */
  const eventsOf = (tap: EventTap, id: string, count: number): Promise<ReceivedEvent[]> =>
    waitFor(
      () => {
        const found = tap.events.filter((e) => e.key === id);
        return found.length >= count && found;
      },
      { what: `${count} events of ${id}`, timeoutMs: 20_000 },
    );
  const post = async (path: string, body: unknown, token = admin) => {
    const res = await call(svc, 'POST', path, token, body);
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };

  beforeAll(async () => {
    svc = await startSchedulingService(keys);
    [clinicId, otherClinic] = await Promise.all([seedClinic(svc), seedClinic(svc)]);
    clinics.add(clinicId);
    admin = await tokenFor(svc, clinicId);
    await Promise.all(Object.values(taps).map((tap) => tap.start()));
  });

  afterAll(async () => {
    await Promise.all(Object.values(taps).map((tap) => tap.stop()));
    await svc?.close();
  });

  it('publishes a practitioner created, then deactivated, with its version', async () => {
    const id = await post('/v1/practitioners', { name: 'Dr. Ref', profession: 'gp' });
    expect((await call(svc, 'PATCH', `/v1/practitioners/${id}`, admin, { active: false })).status).toBe(200);
    const [created, updated] = await eventsOf(taps.practitioner, id, 2);
    expect(created!.envelope.type).toBe(EVENTS.practitionerCreated.type);
    expect((created!.payload as PractitionerCreated).practitioner).toMatchObject({
      practitionerId: id,
      clinicId,
      name: 'Dr. Ref',
      profession: Profession.GP,
      active: true,
      version: 1n,
    });
    expect(updated!.envelope.type).toBe(EVENTS.practitionerUpdated.type);
    expect((updated!.payload as PractitionerCreated).practitioner).toMatchObject({
      active: false,
      version: 2n,
    });
  });

  it('publishes a calendar created, updated and deleted, versions 1, 2, 3', async () => {
    const owner = await post('/v1/practitioners', { name: 'Dr. Bok', profession: 'dentist' });
    const id = await post('/v1/calendars', { name: 'Bok', ownerPractitionerId: owner, onlineBookable: true });
    expect((await call(svc, 'PATCH', `/v1/calendars/${id}`, admin, { name: 'Bok 2' })).status).toBe(200);
    expect((await call(svc, 'DELETE', `/v1/calendars/${id}`, admin)).status).toBe(204);
    const events = await eventsOf(taps.calendar, id, 3);
    expect(events.map((e) => e.envelope.type)).toEqual([
      EVENTS.calendarCreated.type,
      EVENTS.calendarUpdated.type,
      EVENTS.calendarDeleted.type,
    ]);
    const calendars = events.map((e) => (e.payload as CalendarCreated).calendar!);
    expect(calendars[0]).toMatchObject({
      calendarId: id,
      clinicId,
      name: 'Bok',
      ownerPractitionerId: owner,
      resourceName: '',
      onlineBookable: true,
      active: true,
      version: 1n,
    });
    expect(calendars[1]).toMatchObject({ name: 'Bok 2', active: true, version: 2n });
    expect(calendars[2]).toMatchObject({ name: 'Bok 2', active: false, version: 3n });
  });

  it('publishes an appointment type created, then archived', async () => {
    const id = await post('/v1/appointment-types', {
      name: 'Videokonsultasjon',
      durationMinutes: 20,
      contactSurface: 'video',
      patientBookable: true,
    });
    expect((await call(svc, 'PATCH', `/v1/appointment-types/${id}`, admin, { archived: true })).status).toBe(
      200,
    );
    const [created, archived] = await eventsOf(taps.type, id, 2);
    expect((created!.payload as AppointmentTypeCreated).appointmentType).toMatchObject({
      appointmentTypeId: id,
      clinicId,
      name: 'Videokonsultasjon',
      durationMinutes: 20,
      contactSurface: ContactSurface.VIDEO,
      patientBookable: true,
      archived: false,
      version: 1n,
    });
    expect(archived!.envelope.type).toBe(EVENTS.appointmentTypeUpdated.type);
    expect((archived!.payload as AppointmentTypeCreated).appointmentType).toMatchObject({
      archived: true,
      version: 2n,
    });
  });

  it('publishes a patient with name and national id only sealed, opening with the patient-identity key', async () => {
    const gp = await post('/v1/practitioners', { name: 'Dr. Liste', profession: 'gp' });
    const id = await post('/v1/patients', { name: NAME, nationalId: NATIONAL_ID, listedPractitionerId: gp });
    expect((await call(svc, 'PATCH', `/v1/patients/${id}`, admin, { hasGuardian: true })).status).toBe(200);
    const events = await eventsOf(taps.patient, id, 2);
    expect(events.map((e) => e.envelope.type)).toEqual([
      EVENTS.patientRegistered.type,
      EVENTS.patientUpdated.type,
    ]);
    for (const event of events) {
      expect(event.value.includes(Buffer.from(NAME))).toBe(false);
      expect(event.value.includes(Buffer.from(NATIONAL_ID))).toBe(false);
      expect(event.value.includes(Buffer.from('Referanse'))).toBe(false);
    }
    const [registered, updated] = events.map((e) => (e.payload as PatientRegistered).patient!);
    expect(registered).toMatchObject({
      patientId: id,
      clinicId,
      listedPractitionerId: gp,
      nationalIdKind: NationalIdKind.FNR,
      nationalIdValid: true,
      hasGuardian: false,
      version: 1n,
    });
    expect(updated).toMatchObject({ hasGuardian: true, version: 2n });
    const identity = fromBinary(
      PatientIdentitySchema,
      sealer.open(registered!.sealedIdentity!, patientIdentityAad(clinicId, id)),
    );
    expect(identity).toMatchObject({ name: NAME, nationalId: NATIONAL_ID });
    // Bound to its patient: the same seal does not open as another patient's.
    expect(() =>
      sealer.open(registered!.sealedIdentity!, patientIdentityAad(clinicId, randomUUID())),
    ).toThrow('does not open');
  });

  it('republishes the current reference set at current versions, for its own clinic only', async () => {
    const own = await seedClinic(svc);
    clinics.add(own);
    const ownAdmin = await tokenFor(svc, own);
    const practitioner = await post(
      '/v1/practitioners',
      { name: 'Dr. Igjen', profession: 'nurse' },
      ownAdmin,
    );
    const patient = await post('/v1/patients', { name: 'Ola Igjen' }, ownAdmin);
    await eventsOf(taps.practitioner, practitioner, 1);
    await eventsOf(taps.patient, patient, 1);

    const res = await call(svc, 'POST', `/v1/clinics/${own}/reference-data/republish`, ownAdmin);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ calendars: 0, practitioners: 1, appointmentTypes: 0, patients: 1 });
    const [, again] = await eventsOf(taps.practitioner, practitioner, 2);
    expect(again!.envelope.type).toBe(EVENTS.practitionerUpdated.type);
    expect((again!.payload as PractitionerCreated).practitioner).toMatchObject({
      name: 'Dr. Igjen',
      version: 1n,
    });
    const [, patientAgain] = await eventsOf(taps.patient, patient, 2);
    expect((patientAgain!.payload as PatientRegistered).patient).toMatchObject({
      nationalIdKind: NationalIdKind.UNSPECIFIED,
      nationalIdValid: false,
      version: 1n,
    });

    const other = await call(svc, 'POST', `/v1/clinics/${otherClinic}/reference-data/republish`, ownAdmin);
    expect(other.status).toBe(404);
    const staff = await tokenFor(svc, own, { roles: ['staff'] });
    expect((await call(svc, 'POST', `/v1/clinics/${own}/reference-data/republish`, staff)).status).toBe(403);
  });
});

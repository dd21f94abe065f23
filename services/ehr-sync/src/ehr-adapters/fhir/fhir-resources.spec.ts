import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EHR_ADAPTER_CODES } from '../ehr-adapter.errors';
import { searchPage } from './fhir-bundle';
import {
  appointmentFromFhir,
  patientFromFhir,
  providerFromFhir,
  scheduleFromFhir,
  slotFromFhir,
} from './fhir-resources';

/** The FHIR R4 specification's own examples (test/fixtures/fhir-r4-examples/README.md). */
function example(name: string): Record<string, unknown> {
  const path = join(__dirname, '../../../test/fixtures/fhir-r4-examples', `${name}.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('FHIR R4 parsing, on the specification examples', () => {
  it('maps Appointment/example: first practitioner, patient, type as system|code, no meta', () => {
    expect(appointmentFromFhir(example('Appointment-example'))).toEqual({
      externalId: 'example',
      version: null,
      updatedAt: null,
      providerExternalId: 'example',
      appointmentClass: 'http://terminology.hl7.org/CodeSystem/v2-0276|FOLLOWUP',
      start: new Date('2013-12-10T09:00:00Z'),
      end: new Date('2013-12-10T11:00:00Z'),
      status: 'booked',
      patientExternalId: 'example',
    });
  });

  it('takes the first of two practitioners (Appointment/2docs)', () => {
    expect(appointmentFromFhir(example('Appointment-2docs'))).toMatchObject({
      providerExternalId: 'example',
      appointmentClass: expect.stringMatching(/\|WALKIN$/),
    });
  });

  it('skips a proposed appointment without a time (Appointment/examplereq)', () => {
    expect(appointmentFromFhir(example('Appointment-examplereq'))).toBeNull();
  });

  it('keeps only the id and version of Patient/example (no name, no identifiers)', () => {
    expect(patientFromFhir(example('Patient-example'))).toEqual({ externalId: 'example', version: null });
  });

  it('maps Practitioner/example and Practitioner/f001 with their display names', () => {
    expect(providerFromFhir(example('Practitioner-example'))).toEqual({
      externalId: 'example',
      version: null,
      displayName: 'Adam Careful',
      active: true,
    });
    expect(providerFromFhir(example('Practitioner-f001'))).toMatchObject({
      externalId: 'f001',
      displayName: 'Eric van den broek',
      active: true,
    });
  });

  it('maps Schedule/example and the Slots', () => {
    expect(scheduleFromFhir(example('Schedule-example'))).toEqual({
      externalId: 'example',
      active: true,
      actors: ['Location/1'],
    });
    expect(slotFromFhir(example('Slot-example'))).toEqual({
      externalId: 'example',
      scheduleExternalId: 'example',
      status: 'free',
      start: new Date('2013-12-25T09:15:00Z'),
      end: new Date('2013-12-25T09:30:00Z'),
    });
    expect(slotFromFhir(example('Slot-1'))).toMatchObject({ externalId: '1', status: 'busy' });
  });

  it('refuses a broken shape as a bad response naming the path', () => {
    const appointment = example('Appointment-example');
    expect(codeOf(() => appointmentFromFhir({ ...appointment, start: 'soon' }))).toBe(
      EHR_ADAPTER_CODES.badResponse,
    );
    expect(codeOf(() => appointmentFromFhir({ ...appointment, participant: [] }))).toBe(
      EHR_ADAPTER_CODES.badResponse,
    );
    expect(codeOf(() => appointmentFromFhir({ ...appointment, status: 'maybe' }))).toBe(
      EHR_ADAPTER_CODES.badResponse,
    );
    expect(codeOf(() => appointmentFromFhir({ ...appointment, resourceType: 'Patient' }))).toBe(
      EHR_ADAPTER_CODES.badResponse,
    );
    expect(
      codeOf(() => slotFromFhir({ ...example('Slot-example'), schedule: { reference: 'Location/1' } })),
    ).toBe(EHR_ADAPTER_CODES.badResponse);
  });

  it('reads a searchset Bundle of examples and its next link', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      link: [{ relation: 'next', url: 'https://ehr.example/fhir/Appointment?page=2' }],
      entry: [
        { resource: example('Appointment-example'), search: { mode: 'match' } },
        { resource: example('Patient-example'), search: { mode: 'include' } },
      ],
    };
    const page = searchPage(bundle);
    expect(page.resources.map((r) => r.id)).toEqual(['example']);
    expect(page.next).toBe('https://ehr.example/fhir/Appointment?page=2');
    expect(codeOf(() => searchPage({ ...bundle, type: 'history' }))).toBe(EHR_ADAPTER_CODES.badResponse);
  });
});

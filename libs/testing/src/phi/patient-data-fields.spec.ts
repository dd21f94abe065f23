import type { DescMessage } from '@bufbuild/protobuf';
import { EVENT_TYPES, eventDefinition } from '@carebus/contracts';
import { parsePatientDataFields, readPatientDataFields } from './patient-data-fields';

/** Whether a dotted proto field path names a string field of the message. */
function hasStringField(message: DescMessage, path: string): boolean {
  const [head, ...rest] = path.split('.');
  const field = message.fields.find((f) => f.name === head);
  if (!field) return false;
  if (rest.length === 0) return field.fieldKind === 'scalar' || field.fieldKind === 'list';
  return field.fieldKind === 'message' && hasStringField(field.message, rest.join('.'));
}

describe('the patient data table of docs/events.md', () => {
  const table = readPatientDataFields();

  it('lists every catalogued event type, and nothing else', () => {
    expect([...table.keys()].sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('names only fields the payloads have', () => {
    const unknown = [...table].flatMap(([type, fields]) =>
      fields
        .filter((path) => !hasStringField(eventDefinition(type)!.schema, path))
        .map((p) => `${type} ${p}`),
    );
    expect(unknown).toEqual([]);
  });

  it('reads "—" as no field, several fields from one cell, and stops at the next heading', () => {
    const parsed = parsePatientDataFields(
      [
        '## Patient data in events',
        '',
        '| type | fields |',
        '| --- | --- |',
        '| `a.v1` | — |',
        '| `b.v1` | `subject`, `body` |',
        '',
        '## Next',
        '| `c.v1` | `x` |',
      ].join('\n'),
    );
    expect([...parsed]).toEqual([
      ['a.v1', []],
      ['b.v1', ['subject', 'body']],
    ]);
  });
});

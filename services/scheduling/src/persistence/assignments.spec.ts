import { assignments, definedFields } from './assignments';

const COLUMNS = { name: 'name', locationId: 'location_id', onlineBookable: 'online_bookable' } as const;
type Settings = { name: string; locationId: string | null; onlineBookable: boolean };

describe('assignments', () => {
  it('sets the fields a change gives, null included, as parameters', () => {
    const set = assignments<Settings>({ name: "x'; DROP TABLE t; --", locationId: null }, COLUMNS);
    expect(set?.text).toBe('name = $1, location_id = $2');
    expect(set?.values).toEqual(["x'; DROP TABLE t; --", null]);
  });

  it('leaves out undefined fields, and is null for an empty change', () => {
    expect(assignments<Settings>({ onlineBookable: undefined }, COLUMNS)).toBeNull();
    expect(assignments<Settings>({ onlineBookable: false }, COLUMNS)?.text).toBe('online_bookable = $1');
  });

  it('lists the columns and values of an insert in the same order', () => {
    const { names, values } = definedFields<Settings>({ onlineBookable: true, name: 'Dr. A' }, COLUMNS);
    expect(names.map((n) => n.text)).toEqual(['name', 'online_bookable']);
    expect(values).toEqual(['Dr. A', true]);
  });
});

import { nulCharacterErrors } from './nul-characters';

describe('nulCharacterErrors', () => {
  it('names every string holding a NUL, nested and in arrays, as class-validator names fields', () => {
    const value = { name: 'a\u0000', ok: 'fine', contact: { email: '\u0000' }, tags: ['x', 'y\u0000z'] };
    expect(nulCharacterErrors(value).map((e) => e.field)).toEqual(['name', 'contact.email', 'tags.1']);
  });

  it('names a parameter by its name, and a key holding a NUL without printing the NUL', () => {
    expect(nulCharacterErrors('ab\u0000', 'id')).toEqual([
      { field: 'id', message: 'id must not contain a NUL character' },
    ]);
    expect(nulCharacterErrors({ 'na\u0000me': 'x' })).toEqual([
      { field: 'na\\u0000me', message: 'na\\u0000me must not contain a NUL character' },
    ]);
  });

  it('passes clean values, numbers, Buffers and dates', () => {
    expect(nulCharacterErrors({ a: 1, b: null, c: Buffer.from([0]), d: new Date(0), e: ['x'] })).toEqual([]);
  });

  it('walks a deep value without recursion', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nulCharacterErrors(deep)).toHaveLength(1);
  });
});

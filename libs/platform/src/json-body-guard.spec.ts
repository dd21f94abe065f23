import { jsonShapeError, MAX_JSON_DEPTH } from './json-body-guard';

const nested = (levels: number): unknown => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);

describe('jsonShapeError', () => {
  it(`passes ${MAX_JSON_DEPTH} levels and refuses one more, however deep, without overflowing the stack`, () => {
    expect(jsonShapeError(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonShapeError(nested(MAX_JSON_DEPTH + 1))?.code).toBe('request.nesting_too_deep');
    expect(jsonShapeError(nested(200_000))?.code).toBe('request.nesting_too_deep');
  });

  it('names a prototype key wherever it is, and passes bodies without one', () => {
    expect(jsonShapeError(JSON.parse('{"a":[{"b":{"__proto__":{}}}]}'))?.errors).toEqual([
      { field: 'a.0.b.__proto__', message: 'a.0.b.__proto__ is not allowed' },
    ]);
    expect(jsonShapeError({ name: 'Jane', proto: 1, constructors: [] })).toBeUndefined();
    expect(jsonShapeError(undefined)).toBeUndefined();
  });
});

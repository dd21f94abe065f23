import fc from 'fast-check';
import { describeHttpCase, httpCase } from './http-case';
import type { Operation } from './openapi-operations';

const op: Operation = {
  id: 'PatientsController_update',
  method: 'PATCH',
  path: '/v1/patients/{id}',
  params: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
  body: { type: 'object', properties: { name: { type: 'string' } } },
  pathMethods: ['GET', 'PATCH'],
};
const known = { ids: ['7d3c1b1e-8a63-4c2e-9d2f-1f5b2a7c9e10'] };

describe('httpCase', () => {
  it('generates the same cases from the same seed', () => {
    const sample = (seed: number) => fc.sample(httpCase(op, known, ['staff']), { seed, numRuns: 30 });
    expect(sample(7)).toEqual(sample(7));
    expect(sample(7)).not.toEqual(sample(8));
  });

  it('fills every path parameter and mostly uses the roles the operation allows', () => {
    const cases = fc.sample(httpCase(op, known, ['staff']), { seed: 1, numRuns: 200 });
    expect(cases.every((c) => !c.target.includes('{'))).toBe(true);
    const staff = cases.filter((c) => c.credential.kind === 'role' && c.credential.role === 'staff').length;
    expect(staff).toBeGreaterThan(100);
  });

  it('describes a case without its token', () => {
    const text = describeHttpCase({
      method: 'GET',
      target: '/x',
      credential: { kind: 'role', role: 'staff' },
      headers: {},
    });
    expect(text).toBe('GET /x\nauthorization: Bearer <valid staff token>');
  });
});

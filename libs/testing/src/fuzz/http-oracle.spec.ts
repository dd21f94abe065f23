import type { HttpCase } from './http-case';
import { httpVerdict, traitsOf } from './http-oracle';
import type { Operation } from './openapi-operations';
import { FILL_HEADER } from './request-parts';

const op: Operation = {
  id: 'PatientsController_update',
  method: 'PATCH',
  path: '/v1/patients/{id}',
  params: [],
  body: { type: 'object' },
  pathMethods: ['GET', 'PATCH'],
};
const base: HttpCase = {
  method: 'PATCH',
  target: '/v1/patients/1',
  credential: { kind: 'none' },
  headers: {},
};
const problem = (status: number, code = 'x.y') => ({
  status,
  contentType: 'application/problem+json; charset=utf-8',
  body: JSON.stringify({ status, code }),
});
const verdict = (c: Partial<HttpCase>, answer: ReturnType<typeof problem>) =>
  httpVerdict(traitsOf(op, { ...base, ...c }), answer);

describe('httpVerdict', () => {
  it('refuses any 5xx, and a 4xx that is not problem+json with a code', () => {
    expect(verdict({}, problem(500))).toBe('answered 500');
    expect(verdict({}, { status: 431, contentType: '', body: '' })).toMatch(/not application\/problem\+json/);
    expect(verdict({}, problem(400, ''))).toBe('answered 400 without a code');
    expect(verdict({}, problem(404))).toBeUndefined();
  });

  it('wants 431 for a head over 16 KiB, 405 for a method the path does not serve', () => {
    expect(verdict({ headers: { [FILL_HEADER]: 'a'.repeat(17_000) } }, problem(400))).toMatch(/expected 431/);
    expect(verdict({ method: 'DELETE' }, problem(404))).toMatch(/expected 405/);
    // An undecodable segment may fail in the router first.
    expect(verdict({ method: 'DELETE', target: '/v1/patients/%zz' }, problem(400))).toBeUndefined();
  });

  it('wants 415 (or the caller refused) for a body that is not JSON, and no __proto__ key accepted', () => {
    const text = { body: '{}', headers: { 'content-type': 'text/plain' } };
    expect(verdict(text, problem(400))).toMatch(/expected 415/);
    expect(verdict(text, problem(401))).toBeUndefined();
    // A method the path does not serve may be refused as such before its body is looked at.
    expect(verdict({ ...text, method: 'DELETE' }, problem(405))).toBeUndefined();
    expect(verdict(text, problem(405))).toMatch(/expected 415/);
    const json = { 'content-type': 'application/json' };
    expect(
      verdict(
        { body: '{"__proto__":{"a":1}}', headers: json },
        { ...problem(200), contentType: 'application/json' },
      ),
    ).toMatch(/__proto__/);
  });
});

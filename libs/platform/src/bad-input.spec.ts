import { startEdgeApp, type EdgeApp } from '../test/edge-app';

interface Problem {
  status: number;
  code: string;
  errors?: { field: string; message: string }[];
}

describe('bad input at the HTTP edge is a 4xx problem with a code, never a 500', () => {
  let edge: EdgeApp;

  beforeAll(async () => {
    edge = await startEdgeApp();
  });

  afterAll(async () => {
    await edge.app.close();
  });

  async function send(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; problem: Problem }> {
    const res = await fetch(`${edge.url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    return { status: res.status, problem: (await res.json()) as Problem };
  }

  describe('a NUL character (PostgreSQL refuses it in text: 22021)', () => {
    it.each([
      ['a body field', { name: 'Jane\u0000Doe' }, 'name'],
      ['a nested body field', { name: 'Jane', contact: { email: 'j\u0000@x.test' } }, 'contact.email'],
      ['an array element', { name: 'Jane', tags: ['a', 'b\u0000'] }, 'tags.1'],
    ])('in %s is 400 validation.failed naming the field', async (_, body, field) => {
      const { status, problem } = await send('POST', '/v1/things', body);
      expect(status).toBe(400);
      expect(problem.code).toBe('validation.failed');
      expect(problem.errors).toEqual([{ field, message: `${field} must not contain a NUL character` }]);
    });

    it('in a query parameter is 400 validation.failed naming it', async () => {
      const { status, problem } = await send('GET', '/v1/things?name=Ja%00ne');
      expect(status).toBe(400);
      expect(problem).toMatchObject({ code: 'validation.failed', errors: [{ field: 'name' }] });
    });

    it('in a path parameter is 400 validation.failed naming it', async () => {
      const { status, problem } = await send('GET', '/v1/things/ab%00c');
      expect(status).toBe(400);
      expect(problem).toMatchObject({ code: 'validation.failed', errors: [{ field: 'id' }] });
    });
  });

  describe('a JSON body', () => {
    /** `{"name":"Jane","deep":[[…"leaf"…]]}`: `levels` objects and arrays, one inside the other. */
    const nested = (levels: number): string =>
      `{"name":"Jane","deep":${'['.repeat(levels - 1)}"leaf"${']'.repeat(levels - 1)}}`;

    async function post(body: string): Promise<{ status: number; problem: Problem }> {
      const res = await fetch(`${edge.url}/v1/things`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      return { status: res.status, problem: (await res.json()) as Problem };
    }

    it('nested deeper than 64 levels is 400 request.nesting_too_deep before any DTO sees it', async () => {
      for (const levels of [5_000, 65]) {
        const { status, problem } = await post(nested(levels));
        expect(status).toBe(400);
        expect(problem.code).toBe('request.nesting_too_deep');
      }
    });

    it('nested 64 levels reaches validation', async () => {
      const { status, problem } = await post(nested(64));
      expect(status).toBe(400);
      expect(problem).toMatchObject({ code: 'validation.failed', errors: [{ field: 'deep' }] });
    });

    it.each([
      ['__proto__', '{"name":"Jane","__proto__":{"admin":true}}', '__proto__'],
      [
        'constructor',
        '{"name":"Jane","contact":{"email":"j@x.test","constructor":{}}}',
        'contact.constructor',
      ],
      ['prototype', '{"name":"Jane","tags":[{"prototype":1}]}', 'tags.0.prototype'],
    ])('with a %s key anywhere is 400 validation.failed naming it', async (_, body, field) => {
      const { status, problem } = await post(body);
      expect(status).toBe(400);
      expect(problem).toMatchObject({ code: 'validation.failed', errors: [{ field }] });
    });

    it('over 1 MiB is 413 request.too_large', async () => {
      const { status, problem } = await send('POST', '/v1/things', { name: 'x'.repeat(1024 * 1024) });
      expect(status).toBe(413);
      expect(problem.code).toBe('request.too_large');
    });
  });
});

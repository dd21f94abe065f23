import { connect } from 'node:net';
import { startEdgeApp, type EdgeApp } from '../test/edge-app';
import { buildOpenApiDocument } from './openapi';

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

    it('that does not inflate as its Content-Encoding says is 400 request.unreadable_body', async () => {
      const res = await fetch(`${edge.url}/v1/things`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: '{"name":"Jane"}',
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'request.unreadable_body' });
    });

    it('over 1 MiB is 413 request.too_large', async () => {
      const { status, problem } = await send('POST', '/v1/things', { name: 'x'.repeat(1024 * 1024) });
      expect(status).toBe(413);
      expect(problem.code).toBe('request.too_large');
    });
  });

  describe('a body that is not JSON', () => {
    it.each([
      ['POST', 'text/plain', 'name=Jane'],
      ['POST', 'application/xml', '<thing><name>Jane</name></thing>'],
      ['POST', 'application/x-www-form-urlencoded', 'name=Jane'],
      ['PATCH', 'text/plain', '{"name":"Jane"}'],
      ['POST', 'application/json; charset=latin1', '{"name":"Jane"}'],
      ['POST', 'application/json; charset=utf-16', '{"name":"Jane"}'],
      ['DELETE', 'application/json; charset=utf-16', '{"name":"Jane"}'],
    ])('%s as %s is 415 request.unsupported_media_type', async (method, type, body) => {
      const path = method === 'POST' || method === 'DELETE' ? '/v1/things' : '/v1/things/t-1';
      const res = await fetch(`${edge.url}${path}`, { method, headers: { 'content-type': type }, body });
      expect(res.status).toBe(415);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 415, code: 'request.unsupported_media_type' });
    });

    it('without any content type is 415 request.unsupported_media_type', async () => {
      const res = await fetch(`${edge.url}/v1/things`, {
        method: 'POST',
        body: new TextEncoder().encode('{}'),
      });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ code: 'request.unsupported_media_type' });
    });

    it('is declared as a 415 of every operation with a body in the OpenAPI document', () => {
      const { paths } = buildOpenApiDocument(edge.app, 'edge-test');
      expect(paths['/v1/things']!.post!.responses['415']).toEqual({
        description: expect.stringMatching(/^request\.unsupported_media_type: /),
      });
      expect(paths['/v1/things/{id}']!.patch!.responses).toHaveProperty('415');
      expect(paths['/v1/things/{id}/archive']!.post!.responses).not.toHaveProperty('415');
      expect(paths['/v1/things']!.get!.responses).not.toHaveProperty('415');
    });

    it('leaves JSON with a charset, and commands without a body, working', async () => {
      const json = await fetch(`${edge.url}/v1/things`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: '{"name":"Jane"}',
      });
      expect(json.status).toBe(201);
      const bodyless = await fetch(`${edge.url}/v1/things/t-1/archive`, { method: 'POST' });
      expect(bodyless.status).toBe(204);
      const empty = await fetch(`${edge.url}/v1/things/t-1/archive`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: '',
      });
      expect(empty.status).toBe(204);
    });
  });

  describe('a method the path does not have', () => {
    it.each([
      ['DELETE', '/v1/things', 'GET, HEAD, POST'],
      ['PUT', '/v1/things/t-1', 'GET, HEAD, PATCH'],
      ['GET', '/v1/things/t-1/archive', 'POST'],
    ])('%s %s is 405 http.method_not_allowed with Allow: %s', async (method, path, allow) => {
      const res = await fetch(`${edge.url}${path}`, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 405, code: 'http.method_not_allowed' });
    });

    it('leaves an unknown path a 404 http.not_found', async () => {
      const res = await fetch(`${edge.url}/v1/nothing-here`, { method: 'DELETE' });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'http.not_found' });
    });
  });

  describe("what Node's HTTP parser refuses", () => {
    /** Writes raw bytes to the server and reads everything it answers until it closes. */
    function raw(request: string): Promise<{ status: number; headers: string; body: string }> {
      const { port } = new URL(edge.url);
      return new Promise((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
        let answer = '';
        socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
        socket.on('error', reject);
        socket.on('close', () => {
          const [head = '', body = ''] = answer.split('\r\n\r\n');
          resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body });
        });
      });
    }

    it.each([
      [
        'headers over 16 KiB',
        431,
        'request.headers_too_large',
        `GET /v1/things HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      ],
      ['a malformed request line', 400, 'request.malformed', 'GET /v1/things HTTP/9\r\n\r\n'],
      [
        'a NUL in a header value',
        400,
        'request.malformed',
        'GET /v1/things HTTP/1.1\r\nHost: x\r\nX-Name: Ja\u0000ne\r\n\r\n',
      ],
    ])('%s is %i %s as problem+json', async (_, status, code, request) => {
      const answer = await raw(request);
      expect(answer.status).toBe(status);
      expect(answer.headers).toContain('content-type: application/problem+json');
      expect(JSON.parse(answer.body)).toMatchObject({ status, code });
    });
  });
});

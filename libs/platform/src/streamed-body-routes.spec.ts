import type { NextFunction, Request, Response } from 'express';
import { requireJsonBodyExcept } from './json-content-type';

function request(method: string, path: string, contentType: string): Request {
  const headers = { 'content-type': contentType, 'content-length': '10' };
  return {
    method,
    path,
    headers,
    is: (type: string) => contentType.startsWith(type) && type,
  } as unknown as Request;
}

function outcome(req: Request): unknown {
  let passed: unknown = 'not called';
  const next: NextFunction = (error?: unknown) => (passed = error);
  requireJsonBodyExcept([{ method: 'POST', path: /^\/v1\/files$/ }])(req, {} as Response, next);
  return passed;
}

describe('streamed-body routes', () => {
  it('let a declared route through whatever its content type', () => {
    expect(outcome(request('POST', '/v1/files', 'application/pdf'))).toBeUndefined();
  });

  it('still refuse a non-JSON body on any other route or method (415)', () => {
    expect(outcome(request('POST', '/v1/files/x', 'application/pdf'))).toMatchObject({
      code: 'request.unsupported_media_type',
    });
    expect(outcome(request('PUT', '/v1/files', 'application/pdf'))).toMatchObject({
      code: 'request.unsupported_media_type',
    });
  });
});

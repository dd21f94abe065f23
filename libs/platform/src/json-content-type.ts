import type { NextFunction, Request, Response } from 'express';
import { unsupportedMediaType } from '@carebus/errors';
import { isStreamedBody, type StreamedBodyRoute } from './streamed-body-routes';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * A POST, PUT or PATCH that carries a body must say it is JSON: any other body (text, XML, a
 * form, none named) would skip the JSON parser and reach validation as an empty object, a
 * misleading 400. Answered 415 request.unsupported_media_type before it is read. A request
 * without a body (no Transfer-Encoding, Content-Length 0 or absent) passes whatever its type.
 */
export function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  requireJsonBodyExcept([])(req, _res, next);
}

/** requireJsonBody, but a streamed-body route's handler reads and checks its body itself. */
export function requireJsonBodyExcept(
  streamed: readonly StreamedBodyRoute[],
): (req: Request, res: Response, next: NextFunction) => void {
  return (req, _res, next) => {
    if (isStreamedBody(streamed, req)) next();
    else checkJsonBody(req, next);
  };
}

function checkJsonBody(req: Request, next: NextFunction): void {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  const declaredJson = req.is('application/json');
  const json = declaredJson && isUtf8(req.headers['content-type'] ?? '');
  if (WITH_BODY.has(req.method) && hasBody && !json) next(unsupportedMediaType());
  // JSON in another charset is refused whatever the method (a DELETE's body too), never misread.
  else if (hasBody && declaredJson && !json) next(unsupportedMediaType());
  else next();
}

/** JSON is UTF-8 (RFC 8259); a body declared in another charset (utf-16, latin1) is refused, not misread. */
function isUtf8(contentType: string): boolean {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType)?.[1];
  return charset === undefined || charset.toLowerCase() === 'utf-8';
}

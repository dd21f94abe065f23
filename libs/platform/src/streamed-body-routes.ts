import type { Request } from 'express';

/**
 * A route whose handler reads the raw request stream itself (an upload of bytes): the JSON-only
 * check lets its body through, whatever its content type, and no body parser buffers it.
 */
export interface StreamedBodyRoute {
  method: 'POST' | 'PUT';
  /** Matched against the request path (no query). */
  path: RegExp;
}

/** Injection token: the service's streamed-body routes (PlatformOptions.streamedBodyRoutes). */
export const STREAMED_BODY_ROUTES = Symbol('STREAMED_BODY_ROUTES');

export function isStreamedBody(routes: readonly StreamedBodyRoute[], req: Request): boolean {
  if (routes.length === 0) return false;
  const path = req.path;
  return routes.some((route) => route.method === req.method && route.path.test(path));
}

import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { methodNotAllowed } from '@carebus/errors';

type Methods = Record<string, boolean | undefined>;

/** What this needs of Express's router: its route layers and their path match. */
interface RouterLayer {
  route?: { methods: Methods };
  match(path: string): unknown;
}

/**
 * A request no route took, on a path that has routes for other methods, is 405
 * http.method_not_allowed with those methods in `Allow` (RFC 9110), not 404. Nest adds its 404
 * handler after the routes when the app initialises; this handler is added right before it, so
 * it runs only for requests that matched nothing (no cost on the routed path).
 */
export function answerMethodNotAllowed(app: NestExpressApplication): void {
  const adapter = app.getHttpAdapter();
  const setNotFoundHandler = adapter.setNotFoundHandler?.bind(adapter);
  if (!setNotFoundHandler) return;
  const layers = () => (adapter.getInstance().router as unknown as { stack: RouterLayer[] }).stack;
  adapter.setNotFoundHandler = (handler, prefix) => {
    app.use((req: Request, res: Response, next: NextFunction) => {
      const allowed = allowedMethods(layers(), req.method, req.path);
      if (allowed.length === 0) return next();
      res.setHeader('Allow', allowed.join(', '));
      next(methodNotAllowed());
    });
    return setNotFoundHandler(handler, prefix);
  };
}

/**
 * The methods of the routes whose path matches, as `Allow` lists them (GET brings HEAD). A route
 * that handles the request's own method is Nest middleware registered for every method (the
 * request logger, an audit): it passed the request on, so it says nothing about the resource.
 */
export function allowedMethods(layers: readonly RouterLayer[], method: string, path: string): string[] {
  const asked = method.toLowerCase();
  const allowed = new Set<string>();
  for (const layer of layers) {
    if (!layer.route || handles(layer.route.methods, asked) || !matches(layer, path)) continue;
    for (const [name, handled] of Object.entries(layer.route.methods)) {
      if (handled) allowed.add(name.toUpperCase());
    }
  }
  if (allowed.has('GET')) allowed.add('HEAD');
  return [...allowed].sort();
}

function handles(methods: Methods, method: string): boolean {
  return Boolean(methods._all || methods[method] || (method === 'head' && methods.get));
}

function matches(layer: RouterLayer, path: string): boolean {
  try {
    return Boolean(layer.match(path));
  } catch {
    // A parameter that is not valid percent-encoding: the router answered 400 for it already.
    return false;
  }
}

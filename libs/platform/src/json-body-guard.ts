import type { NextFunction, Request, Response } from 'express';
import { ValidationError } from '@carebus/errors';

/** Deeper than any DTO of ours; class-transformer recurses per level and overflows the stack at ~2,000. */
export const MAX_JSON_DEPTH = 64;

/**
 * Keys that reach an object's prototype when class-transformer or a spread copies them
 * (`instance[key] = value`); no DTO has a field of that name.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks a parsed JSON body before any pipe or DTO sees it: at most MAX_JSON_DEPTH objects and
 * arrays deep (400 request.nesting_too_deep), and no prototype key at any level (400
 * validation.failed naming it). Walks without recursion, so no body can overflow the stack here.
 */
export function jsonBodyGuard(req: Request, _res: Response, next: NextFunction): void {
  next(jsonShapeError(req.body));
}

export function jsonShapeError(body: unknown): ValidationError | undefined {
  const pending: { value: unknown; field: string; depth: number }[] = [{ value: body, field: '', depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, field, depth } = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_JSON_DEPTH) {
      return new ValidationError(
        [],
        'request.nesting_too_deep',
        `The request body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels.`,
      );
    }
    for (const [key, child] of Object.entries(value)) {
      const path = field ? `${field}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key))
        return new ValidationError([{ field: path, message: `${path} is not allowed` }]);
      pending.push({ value: child, field: path, depth: depth + 1 });
    }
  }
  return undefined;
}

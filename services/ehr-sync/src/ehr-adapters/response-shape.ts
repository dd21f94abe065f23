import { badResponse } from './ehr-adapter.errors';

/**
 * Readers for an EHR's JSON that throw `ehrsync.ehr_bad_response` naming the path (never the
 * value) when the answer breaks its documented shape.
 */
export function objectAt(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badResponse(path);
  return value as Record<string, unknown>;
}

export function arrayAt(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw badResponse(path);
  return value;
}

export function stringAt(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') throw badResponse(path);
  return value;
}

export function optionalStringAt(value: unknown, path: string): string | null {
  return value === undefined || value === null ? null : stringAt(value, path);
}

export function instantAt(value: unknown, path: string): Date {
  const date = new Date(stringAt(value, path));
  if (Number.isNaN(date.getTime())) throw badResponse(path);
  return date;
}

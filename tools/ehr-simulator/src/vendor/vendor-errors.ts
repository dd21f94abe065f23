import type { ServerResponse } from 'node:http';
import type { CommonError } from '../api-call';
import { sendJson } from '../http-io';

/** The vendor's error shape: `{ errorCode, errorText }` (plus `field` on validation errors). */
export function sendVendorError(
  res: ServerResponse,
  status: number,
  errorCode: string,
  errorText: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { errorCode, errorText, ...extra }, headers);
}

export const VENDOR_COMMON: Record<CommonError, [number, string, string]> = {
  unavailable: [503, 'MAINTENANCE', 'The service is down for maintenance.'],
  server_error: [500, 'INTERNAL_ERROR', 'Something went wrong.'],
  rate_limited: [429, 'RATE_LIMITED', 'Too many requests.'],
  not_found: [404, 'NOT_FOUND', 'No such record or endpoint.'],
  too_large: [413, 'BAD_REQUEST', 'The body is too large.'],
  bad_json: [400, 'BAD_REQUEST', 'The body is not JSON.'],
};

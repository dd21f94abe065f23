import { isRecord } from '../http-io';
import type { AppointmentInput } from '../data/appointment-writes';

export type InputProblem = { field: string; text: string };

const instant = (value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
const optionalId = (value: unknown) =>
  value === undefined || value === null
    ? null
    : typeof value === 'string' && value !== ''
      ? value
      : undefined;

/** `POST /appointments`'s body as the store's input, or the field it refuses. */
export function parseNewAppointment(body: unknown): AppointmentInput | InputProblem {
  if (!isRecord(body)) return { field: 'body', text: 'The body must be a JSON object.' };
  if (typeof body.providerId !== 'string' || body.providerId === '')
    return { field: 'providerId', text: 'providerId is required.' };
  const patientId = optionalId(body.patientId);
  if (patientId === undefined) return { field: 'patientId', text: 'patientId must be a string.' };
  const classId = optionalId(body.classId);
  if (classId === undefined) return { field: 'classId', text: 'classId must be a string.' };
  const start = instant(body.start);
  const end = instant(body.end);
  if (Number.isNaN(start)) return { field: 'start', text: 'start must be an ISO instant.' };
  if (Number.isNaN(end)) return { field: 'end', text: 'end must be an ISO instant.' };
  return { providerId: body.providerId, patientId, classId, start, end };
}

/** `PATCH /appointments/{id}`'s body: the new time and provider, and the expected revision. */
export function parseReschedule(
  body: unknown,
): { change: { start?: number; end?: number; providerId?: string }; revision?: number } | InputProblem {
  if (!isRecord(body)) return { field: 'body', text: 'The body must be a JSON object.' };
  const change: { start?: number; end?: number; providerId?: string } = {};
  for (const field of ['start', 'end'] as const) {
    if (body[field] === undefined) continue;
    const value = instant(body[field]);
    if (Number.isNaN(value)) return { field, text: `${field} must be an ISO instant.` };
    change[field] = value;
  }
  if (body.providerId !== undefined) {
    if (typeof body.providerId !== 'string')
      return { field: 'providerId', text: 'providerId must be a string.' };
    change.providerId = body.providerId;
  }
  const revision = parseRevision(body);
  if (revision === null) return { change };
  return typeof revision === 'number' ? { change, revision } : revision;
}

/** An optional `revision` member: the number, null when absent, or the problem. */
export function parseRevision(body: unknown): number | null | InputProblem {
  if (!isRecord(body) || body.revision === undefined) return null;
  return Number.isSafeInteger(body.revision)
    ? (body.revision as number)
    : { field: 'revision', text: 'revision must be an integer.' };
}

import { randomBytes, randomUUID } from 'node:crypto';

/** A new clinic (tenant) id per test, so no test sees another's data. */
export function newClinicId(): string {
  return randomUUID();
}

/** A suffix for topic and group names, so no test consumes another's messages. */
export function newTopicSuffix(): string {
  return randomBytes(4).toString('hex');
}

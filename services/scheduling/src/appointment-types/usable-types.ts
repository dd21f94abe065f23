import { referencedTypesArchived, referencedTypesMissing } from '../scheduling.errors';
import type { AppointmentType } from './appointment-type';

/**
 * The types a write refers to (week template blocks) must all be this clinic's and not archived;
 * else 422 naming the ids. Row-level security hides other clinics' types, so they count as missing.
 */
export function assertUsableTypes(requestedIds: readonly string[], found: readonly AppointmentType[]): void {
  const missing = requestedIds.filter((id) => !found.some((t) => t.id === id));
  if (missing.length > 0) throw referencedTypesMissing(missing);
  const archived = found.filter((t) => t.archived).map((t) => t.id);
  if (archived.length > 0) throw referencedTypesArchived(archived);
}

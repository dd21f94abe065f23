import type { Principal } from '@carebus/auth';
import { isClinicStaff, seesHidden } from '../appointments/appointment-access';
import type { TypeVisibility } from './appointment-type';

/** Staff see every type (archived ones on request); patient-facing callers only bookable, current ones. */
export function visibilityFor(principal: Principal, includeArchived = false): TypeVisibility {
  const patientFacing = !isClinicStaff(principal);
  return {
    bookableOnly: patientFacing,
    includeHidden: seesHidden(principal),
    includeArchived: !patientFacing && includeArchived,
  };
}

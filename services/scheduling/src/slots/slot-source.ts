import type { Busy, WorkPlan } from './slot-types';

/** An appointment type as the slot rules see it. */
export interface SlotTypeRow {
  id: string;
  durationMinutes: number;
  patientBookable: boolean;
  hidden: boolean;
  archived: boolean;
}

/** Everything the slot generator needs for one calendar and window. */
export interface SlotSource {
  timeZone: string;
  workPlans: WorkPlan[];
  appointmentTypes: SlotTypeRow[];
  busy: Busy[];
}

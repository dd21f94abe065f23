/** ISO weekday: Monday = 1 … Sunday = 7. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** One block of a week template, in the clinic's local wall-clock time. */
export interface WeekTemplateBlock {
  weekday: IsoWeekday;
  /** 'HH:mm', 00:00–23:59. */
  start: string;
  /** 'HH:mm', after `start` on the same day. */
  end: string;
  appointmentTypeId: string;
}

/** A week template applied to a calendar over a range of local dates. */
export interface WorkPlan {
  templateBlocks: WeekTemplateBlock[];
  /** 'YYYY-MM-DD', inclusive. */
  from: string;
  /** 'YYYY-MM-DD', inclusive. */
  to: string;
}

/** Time that cannot be booked: booked appointments and unavailable time, as instants. */
export interface Busy {
  start: Date;
  end: Date;
}

export interface AppointmentTypeSpec {
  id: string;
  durationMinutes: number;
}

export interface Slot {
  start: Date;
  end: Date;
  appointmentTypeId: string;
}

export interface SlotQuery {
  /** IANA zone of the clinic, e.g. 'Europe/Oslo'; template times are wall-clock times in it. */
  timeZone: string;
  workPlans: WorkPlan[];
  appointmentTypes: AppointmentTypeSpec[];
  busy: Busy[];
  /** Window start, inclusive: a slot must start at or after it. */
  from: Date;
  /** Window end, exclusive: a slot must end at or before it. */
  to: Date;
  /** Only slots of this appointment type. */
  appointmentTypeId?: string;
  /** Slots starting before this instant are dropped. */
  now?: Date;
}

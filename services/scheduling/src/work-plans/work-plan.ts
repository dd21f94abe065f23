import { invalidDateRange } from '../scheduling.errors';

/** A week template applied to a calendar over [validFrom, validTo], both dates inclusive. */
export interface WorkPlan {
  id: string;
  calendarId: string;
  weekTemplateId: string;
  /** 'YYYY-MM-DD', a local date of the clinic. */
  validFrom: string;
  /** 'YYYY-MM-DD', inclusive. */
  validTo: string;
  createdAt: Date;
}

export interface WorkPlanInput {
  weekTemplateId: string;
  validFrom: string;
  validTo: string;
}

export interface DatePeriod {
  /** 'YYYY-MM-DD', inclusive. */
  from?: string | undefined;
  /** 'YYYY-MM-DD', inclusive. */
  to?: string | undefined;
}

/** A plan may last one day (validFrom = validTo) but never end before it starts. */
export function assertDateOrder(validFrom: string, validTo: string): void {
  if (validTo < validFrom) throw invalidDateRange();
}

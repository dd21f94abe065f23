import type { BlockSpan } from './week-template-blocks';

/** A named week of appointment-type blocks; work plans apply it to calendars. */
export interface WeekTemplate {
  id: string;
  name: string;
  createdAt: Date;
}

/** One block of a template: a weekday and a local wall-clock span offering one appointment type. */
export interface WeekTemplateBlock {
  weekTemplateId: string;
  /** ISO weekday, Monday = 1. */
  weekday: number;
  /** PostgreSQL `time` as text, 'HH:mm:ss'. */
  startTime: string;
  endTime: string;
  appointmentTypeId: string;
}

export interface WeekTemplateWithBlocks {
  template: WeekTemplate;
  blocks: WeekTemplateBlock[];
}

export interface WeekTemplateInput {
  name: string;
  blocks: (BlockSpan & { appointmentTypeId: string })[];
}

/** An appointment book, owned by one practitioner or by a resource (a room, a device). */
export interface Calendar {
  id: string;
  name: string;
  ownerPractitionerId: string | null;
  resourceName: string | null;
  locationId: string | null;
  onlineBookable: boolean;
  minNoticeMinutes: number;
  maxDaysAhead: number;
  listedPatientsOnly: boolean;
  createdAt: Date;
  /** 1 when created, one more with every change (scheduling.calendar.v1). */
  version: number;
  updatedAt: Date;
}

export type CalendarInput = Omit<Calendar, 'id' | 'createdAt' | 'version' | 'updatedAt'>;

export interface CalendarFilter {
  practitionerId?: string | undefined;
  locationId?: string | undefined;
  onlineBookable?: boolean | undefined;
}

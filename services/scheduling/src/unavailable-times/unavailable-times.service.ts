import { Injectable } from '@nestjs/common';
import { TenantScope, type Page, type PageRequest } from '@carebus/persistence';
import { CalendarsRepository } from '../calendars/calendars.repository';
import { unavailableTimeNotFound } from '../scheduling.errors';
import type { TimeRange } from '../shared/time-range';
import type { UnavailableInput, UnavailablePeriod } from './unavailable-time';
import { UnavailableTimesRepository } from './unavailable-times.repository';

/** Breaks, absences and unavailable classes of the clinic's calendars. */
@Injectable()
export class UnavailableTimesService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly unavailable: UnavailableTimesRepository,
    private readonly calendars: CalendarsRepository,
  ) {}

  listForCalendar(
    clinicId: string,
    calendarId: string,
    period: TimeRange,
    page: PageRequest,
  ): Promise<Page<UnavailablePeriod>> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      await this.calendars.require(tx, calendarId);
      return this.unavailable.listForCalendar(tx, calendarId, period, page);
    });
  }

  get(clinicId: string, id: string): Promise<UnavailablePeriod> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      const period = await this.unavailable.find(tx, id);
      if (!period) throw unavailableTimeNotFound();
      return period;
    });
  }

  create(clinicId: string, calendarId: string, input: UnavailableInput): Promise<UnavailablePeriod> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      await this.calendars.require(tx, calendarId);
      return this.unavailable.insert(tx, calendarId, input);
    });
  }

  delete(clinicId: string, id: string): Promise<void> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      if ((await this.unavailable.delete(tx, id)) === 0) throw unavailableTimeNotFound();
    });
  }
}

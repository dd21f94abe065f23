import { Injectable } from '@nestjs/common';
import { TenantScope, type Page, type PageRequest, type Tx } from '@carebus/persistence';
import { LocationsRepository } from '../locations/locations.repository';
import { PractitionersRepository } from '../practitioners/practitioners.repository';
import { calendarNotFound, referencedLocationMissing } from '../scheduling.errors';
import type { Calendar, CalendarFilter, CalendarInput } from './calendar';
import { assertOneOwner, assertUsableOwner } from './calendar-owner-policy';
import { CalendarsRepository } from './calendars.repository';

/** The clinic's calendars: owner and placement checked on every write. */
@Injectable()
export class CalendarsService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly calendars: CalendarsRepository,
    private readonly practitioners: PractitionersRepository,
    private readonly locations: LocationsRepository,
  ) {}

  list(clinicId: string, page: PageRequest, filter: CalendarFilter): Promise<Page<Calendar>> {
    return this.tenant.withTenant(clinicId, (tx) => this.calendars.list(tx, page, filter));
  }

  /** `onlineBookableOnly`: for patient-facing callers, other calendars answer like unknown ids. */
  get(clinicId: string, id: string, onlineBookableOnly = false): Promise<Calendar> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      const calendar = await this.calendars.require(tx, id);
      if (onlineBookableOnly && !calendar.onlineBookable) throw calendarNotFound();
      return calendar;
    });
  }

  create(clinicId: string, input: Partial<CalendarInput> & { name: string }): Promise<Calendar> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      await this.checkReferences(tx, input);
      assertOneOwner({ ownerPractitionerId: null, resourceName: null, ...input });
      return this.calendars.insert(tx, input);
    });
  }

  update(clinicId: string, id: string, changes: Partial<CalendarInput>): Promise<Calendar> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      const calendar = await this.calendars.require(tx, id);
      await this.checkReferences(tx, changes);
      assertOneOwner({ ...calendar, ...changes });
      return (await this.calendars.update(tx, id, changes)) ?? calendar;
    });
  }

  /** Refused (409 calendar_in_use) once work plans, unavailable time or appointments refer to it. */
  delete(clinicId: string, id: string): Promise<void> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      if ((await this.calendars.delete(tx, id)) === 0) throw calendarNotFound();
    });
  }

  private async checkReferences(tx: Tx, input: Partial<CalendarInput>): Promise<void> {
    if (input.locationId && !(await this.locations.find(tx, input.locationId))) {
      throw referencedLocationMissing();
    }
    if (input.ownerPractitionerId) {
      assertUsableOwner(await this.practitioners.find(tx, input.ownerPractitionerId));
    }
  }
}

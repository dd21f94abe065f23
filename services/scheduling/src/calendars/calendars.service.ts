import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@carebus/platform';
import { Outbox } from '@carebus/outbox';
import { TenantScope, type Page, type PageRequest, type Tx } from '@carebus/persistence';
import { LocationsRepository } from '../locations/locations.repository';
import { PractitionersRepository } from '../practitioners/practitioners.repository';
import { calendarNotFound, referencedLocationMissing } from '../scheduling.errors';
import type { Calendar, CalendarFilter, CalendarInput } from './calendar';
import { assertOneOwner, assertUsableOwner } from './calendar-owner-policy';
import { calendarEvents } from './calendar-events';
import { CalendarsRepository } from './calendars.repository';
import { hasChanges } from '../persistence/assignments';

/** The clinic's calendars: owner and placement checked on every write. */
@Injectable()
export class CalendarsService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly calendars: CalendarsRepository,
    private readonly practitioners: PractitionersRepository,
    private readonly locations: LocationsRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
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
      const created = await this.calendars.insert(tx, input);
      await this.outbox.add(tx, calendarEvents.created(tx.clinicId, created));
      return created;
    });
  }

  update(clinicId: string, id: string, changes: Partial<CalendarInput>): Promise<Calendar> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      const calendar = await this.calendars.require(tx, id);
      await this.checkReferences(tx, changes);
      assertOneOwner({ ...calendar, ...changes });
      const updated = (await this.calendars.update(tx, id, changes)) ?? calendar;
      if (hasChanges(changes)) await this.outbox.add(tx, calendarEvents.updated(tx.clinicId, updated));
      return updated;
    });
  }

  /** Refused (409 calendar_in_use) once work plans, unavailable time or appointments refer to it. */
  delete(clinicId: string, id: string): Promise<void> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      const deleted = await this.calendars.delete(tx, id);
      if (!deleted) throw calendarNotFound();
      await this.outbox.add(tx, calendarEvents.deleted(tx.clinicId, deleted, this.clock.now()));
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

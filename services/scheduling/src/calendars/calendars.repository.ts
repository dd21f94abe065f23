import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '@carebus/errors';
import { inTenantTransaction } from '@carebus/platform';
import { LocationsRepository } from '../locations/locations.repository';
import { type Page, type PageRequest } from '../persistence/keyset-page';
import { pgErrorOf } from '../shared/database-errors';
import { PractitionersRepository } from '../practitioners/practitioners.repository';
import { toPage } from '../shared/cursor';
import { Calendar } from './calendar.entity';

export const CALENDAR_NOT_FOUND = 'scheduling.calendar_not_found';
export const CALENDAR_IN_USE = 'scheduling.calendar_in_use';
export const INVALID_CALENDAR_OWNER = 'scheduling.invalid_calendar_owner';
export const PRACTITIONER_INACTIVE = 'scheduling.practitioner_inactive';

export type CalendarInput = Omit<Calendar, 'id' | 'clinicId' | 'createdAt'>;

export interface CalendarFilter {
  practitionerId?: string;
  locationId?: string;
  onlineBookable?: boolean;
}

const notFound = () => new NotFoundError(CALENDAR_NOT_FOUND, 'No such calendar.');

@Injectable()
export class CalendarsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly practitioners: PractitionersRepository,
    private readonly locations: LocationsRepository,
  ) {}

  async list(clinicId: string, page: PageRequest, filter: CalendarFilter): Promise<Page<Calendar>> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const query = manager
        .createQueryBuilder(Calendar, 'c')
        .where('c.clinic_id = :clinicId', { clinicId })
        .orderBy('c.name')
        .addOrderBy('c.id')
        .limit(page.limit + 1);
      if (filter.practitionerId) query.andWhere('c.owner_practitioner_id = :p', { p: filter.practitionerId });
      if (filter.locationId) query.andWhere('c.location_id = :l', { l: filter.locationId });
      if (filter.onlineBookable !== undefined)
        query.andWhere('c.online_bookable = :o', { o: filter.onlineBookable });
      if (page.after) query.andWhere('(c.name, c.id) > (:key, :id)', page.after);
      return toPage(await query.getMany(), page.limit, (c) => ({ key: c.name, id: c.id }));
    });
  }

  /** `onlineBookableOnly`: for patient-facing callers, other calendars answer like unknown ids. */
  async get(clinicId: string, id: string, onlineBookableOnly = false): Promise<Calendar> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const calendar = await this.require(manager, clinicId, id);
      if (onlineBookableOnly && !calendar.onlineBookable) throw notFound();
      return calendar;
    });
  }

  async create(clinicId: string, input: Partial<CalendarInput> & { name: string }): Promise<Calendar> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      await this.checkReferences(manager, clinicId, input);
      assertOneOwner({ ownerPractitionerId: null, resourceName: null, ...input });
      const id = randomUUID();
      await manager.insert(Calendar, { ...input, id, clinicId });
      return this.require(manager, clinicId, id);
    });
  }

  async update(clinicId: string, id: string, changes: Partial<CalendarInput>): Promise<Calendar> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const calendar = await this.require(manager, clinicId, id);
      await this.checkReferences(manager, clinicId, changes);
      assertOneOwner({ ...calendar, ...changes });
      if (Object.keys(changes).length > 0) await manager.update(Calendar, { id, clinicId }, changes);
      return Object.assign(calendar, changes);
    });
  }

  /** Refused once work plans, unavailable time or appointments refer to the calendar. */
  async delete(clinicId: string, id: string): Promise<void> {
    try {
      await inTenantTransaction(this.dataSource, clinicId, async (manager) => {
        const result = await manager.delete(Calendar, { id, clinicId });
        if (!result.affected) throw notFound();
      });
    } catch (error) {
      if (pgErrorOf(error)?.code === '23503') {
        // foreign_key_violation: rows elsewhere still refer to this one.
        throw new ConflictError(
          CALENDAR_IN_USE,
          'Work plans, unavailable time or appointments use this calendar.',
        );
      }
      throw error;
    }
  }

  /** A calendar named in a request path (`/v1/calendars/:id/...`): 404 when unknown or another clinic's. */
  async require(manager: EntityManager, clinicId: string, id: string): Promise<Calendar> {
    const calendar = await manager.findOne(Calendar, { where: { id, clinicId } });
    if (!calendar) throw notFound();
    return calendar;
  }

  private async checkReferences(manager: EntityManager, clinicId: string, input: Partial<CalendarInput>) {
    if (input.locationId) await this.locations.assertExists(manager, clinicId, input.locationId);
    if (input.ownerPractitionerId) {
      const owner = await this.practitioners.requireReferenced(manager, clinicId, input.ownerPractitionerId);
      if (!owner.active) {
        throw new UnprocessableError(
          PRACTITIONER_INACTIVE,
          'A deactivated practitioner cannot own a calendar.',
        );
      }
    }
  }
}

function assertOneOwner(c: Pick<Calendar, 'ownerPractitionerId' | 'resourceName'>): void {
  if ((c.ownerPractitionerId === null) === (c.resourceName === null)) {
    throw new ValidationError(
      [{ field: 'ownerPractitionerId', message: 'set exactly one of ownerPractitionerId and resourceName' }],
      INVALID_CALENDAR_OWNER,
      'A calendar is owned by either a practitioner or a resource.',
    );
  }
}

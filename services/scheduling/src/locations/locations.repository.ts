import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, UnprocessableError } from '@carebus/errors';
import { inTenantTransaction } from '@carebus/platform';
import { type Page, type PageRequest } from '../persistence/keyset-page';
import { pgErrorOf } from '../shared/database-errors';
import { toPage } from '../shared/cursor';
import { Location } from './location.entity';

export const LOCATION_NOT_FOUND = 'scheduling.location_not_found';
export const LOCATION_IN_USE = 'scheduling.location_in_use';

export interface LocationInput {
  name: string;
  address?: string | null;
}

const notFound = () => new NotFoundError(LOCATION_NOT_FOUND, 'No such location.');

@Injectable()
export class LocationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(clinicId: string, page: PageRequest): Promise<Page<Location>> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const query = manager
        .createQueryBuilder(Location, 'l')
        .where('l.clinic_id = :clinicId', { clinicId })
        .orderBy('l.name')
        .addOrderBy('l.id')
        .limit(page.limit + 1);
      if (page.after) query.andWhere('(l.name, l.id) > (:key, :id)', page.after);
      return toPage(await query.getMany(), page.limit, (l) => ({ key: l.name, id: l.id }));
    });
  }

  async get(clinicId: string, id: string): Promise<Location> {
    return inTenantTransaction(this.dataSource, clinicId, (manager) => this.require(manager, clinicId, id));
  }

  async create(clinicId: string, input: LocationInput): Promise<Location> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const id = randomUUID();
      await manager.insert(Location, { id, clinicId, name: input.name, address: input.address ?? null });
      return this.require(manager, clinicId, id);
    });
  }

  async update(clinicId: string, id: string, changes: Partial<LocationInput>): Promise<Location> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const location = await this.require(manager, clinicId, id);
      if (Object.keys(changes).length > 0) await manager.update(Location, { id, clinicId }, changes);
      return Object.assign(location, changes);
    });
  }

  /** Refused while a calendar is placed at the location. */
  async delete(clinicId: string, id: string): Promise<void> {
    try {
      await inTenantTransaction(this.dataSource, clinicId, async (manager) => {
        const result = await manager.delete(Location, { id, clinicId });
        if (!result.affected) throw notFound();
      });
    } catch (error) {
      if (pgErrorOf(error)?.code === '23503') {
        // foreign_key_violation: rows elsewhere still refer to this one.
        throw new ConflictError(LOCATION_IN_USE, 'Calendars are placed at this location; move them first.');
      }
      throw error;
    }
  }

  /** For other features' writes that refer to a location: 422 when it is not this clinic's. */
  async assertExists(manager: EntityManager, clinicId: string, id: string): Promise<void> {
    if (!(await manager.exists(Location, { where: { id, clinicId } }))) {
      throw new UnprocessableError(LOCATION_NOT_FOUND, 'The location does not exist in this clinic.');
    }
  }

  private async require(manager: EntityManager, clinicId: string, id: string): Promise<Location> {
    const location = await manager.findOne(Location, { where: { id, clinicId } });
    if (!location) throw notFound();
    return location;
  }
}

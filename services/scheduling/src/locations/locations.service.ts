import { Injectable } from '@nestjs/common';
import { TenantScope, type Page, type PageRequest } from '@carebus/persistence';
import { locationNotFound } from '../scheduling.errors';
import type { Location, LocationInput } from './location';
import { LocationsRepository } from './locations.repository';

/** The clinic's locations; one that a calendar is placed at cannot go (409 location_in_use). */
@Injectable()
export class LocationsService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly locations: LocationsRepository,
  ) {}

  list(clinicId: string, page: PageRequest): Promise<Page<Location>> {
    return this.tenant.withTenant(clinicId, (tx) => this.locations.list(tx, page));
  }

  get(clinicId: string, id: string): Promise<Location> {
    return this.tenant.withTenant(clinicId, (tx) => this.locations.require(tx, id));
  }

  create(clinicId: string, input: LocationInput): Promise<Location> {
    return this.tenant.withTenant(clinicId, (tx) => this.locations.insert(tx, input));
  }

  update(clinicId: string, id: string, changes: Partial<LocationInput>): Promise<Location> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      const location = await this.locations.update(tx, id, changes);
      if (!location) throw locationNotFound();
      return location;
    });
  }

  delete(clinicId: string, id: string): Promise<void> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      if ((await this.locations.delete(tx, id)) === 0) throw locationNotFound();
    });
  }
}

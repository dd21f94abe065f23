import { Injectable } from '@nestjs/common';
import { Outbox } from '@carebus/outbox';
import { TenantScope, type Page, type PageRequest } from '@carebus/persistence';
import { hasChanges } from '../persistence/assignments';
import { practitionerEvents } from './practitioner-events';
import { practitionerNotFound } from '../scheduling.errors';
import type { Practitioner, PractitionerInput } from './practitioner';
import { PractitionersRepository } from './practitioners.repository';

/** The clinic's practitioners; never deleted, deactivated (appointments refer to them). */
@Injectable()
export class PractitionersService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly practitioners: PractitionersRepository,
    private readonly outbox: Outbox,
  ) {}

  list(clinicId: string, page: PageRequest, active?: boolean): Promise<Page<Practitioner>> {
    return this.tenant.withTenant(clinicId, (tx) => this.practitioners.list(tx, page, active));
  }

  get(clinicId: string, id: string): Promise<Practitioner> {
    return this.tenant.withTenant(clinicId, (tx) => this.practitioners.require(tx, id));
  }

  create(clinicId: string, input: Omit<PractitionerInput, 'active'>): Promise<Practitioner> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      const created = await this.practitioners.insert(tx, input);
      await this.outbox.add(tx, practitionerEvents.created(tx.clinicId, created));
      return created;
    });
  }

  update(clinicId: string, id: string, changes: Partial<PractitionerInput>): Promise<Practitioner> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      const practitioner = await this.practitioners.update(tx, id, changes);
      if (!practitioner) throw practitionerNotFound();
      if (hasChanges(changes))
        await this.outbox.add(tx, practitionerEvents.updated(tx.clinicId, practitioner));
      return practitioner;
    });
  }
}

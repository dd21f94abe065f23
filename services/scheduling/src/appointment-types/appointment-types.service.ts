import { Injectable } from '@nestjs/common';
import { Outbox } from '@carebus/outbox';
import { TenantScope, type Page, type PageRequest } from '@carebus/persistence';
import { hasChanges } from '../persistence/assignments';
import { appointmentTypeEvents } from './appointment-type-events';
import { appointmentTypeNotFound } from '../scheduling.errors';
import type { AppointmentType, AppointmentTypeInput, TypeVisibility } from './appointment-type';
import { AppointmentTypesRepository } from './appointment-types.repository';

/** The clinic's appointment types; archived rather than deleted (appointments and templates refer to them). */
@Injectable()
export class AppointmentTypesService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly types: AppointmentTypesRepository,
    private readonly outbox: Outbox,
  ) {}

  list(clinicId: string, page: PageRequest, visibility: TypeVisibility): Promise<Page<AppointmentType>> {
    return this.tenant.withTenant(clinicId, (tx) => this.types.list(tx, page, visibility));
  }

  get(clinicId: string, id: string, visibility: TypeVisibility): Promise<AppointmentType> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      const type = await this.types.findVisible(tx, id, visibility);
      if (!type) throw appointmentTypeNotFound();
      return type;
    });
  }

  create(clinicId: string, input: Partial<AppointmentTypeInput>): Promise<AppointmentType> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      const created = await this.types.insert(tx, input);
      await this.outbox.add(tx, appointmentTypeEvents.created(tx.clinicId, created));
      return created;
    });
  }

  /** Archiving is an update too. */
  update(clinicId: string, id: string, changes: Partial<AppointmentTypeInput>): Promise<AppointmentType> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      const type = await this.types.update(tx, id, changes);
      if (!type) throw appointmentTypeNotFound();
      if (hasChanges(changes)) await this.outbox.add(tx, appointmentTypeEvents.updated(tx.clinicId, type));
      return type;
    });
  }
}

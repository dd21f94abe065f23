import { Injectable } from '@nestjs/common';
import { TenantScope } from '@carebus/persistence';
import { clinicNotFound } from '../scheduling.errors';
import type { Clinic, ClinicChanges } from './clinic';
import { ClinicsRepository } from './clinics.repository';

/**
 * The caller's own clinic. Another clinic's id answers exactly like an unknown one: no existence
 * leak across tenants (and row-level security would hide it anyway).
 */
@Injectable()
export class ClinicsService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly clinics: ClinicsRepository,
  ) {}

  async get(clinicId: string, id: string): Promise<Clinic> {
    const clinic =
      id === clinicId ? await this.tenant.withTenant(clinicId, (tx) => this.clinics.find(tx, id)) : undefined;
    if (!clinic) throw clinicNotFound();
    return clinic;
  }

  async update(clinicId: string, id: string, changes: ClinicChanges): Promise<Clinic> {
    const clinic =
      id === clinicId
        ? await this.tenant.withTenant(clinicId, (tx) => this.clinics.update(tx, id, changes))
        : undefined;
    if (!clinic) throw clinicNotFound();
    return clinic;
  }
}

import { Injectable } from '@nestjs/common';
import { forClinic, hasRole, type Principal } from '@carebus/auth';
import { TenantScope, type Page, type PageRequest } from '@carebus/persistence';
import { clinicNotFound } from '../scheduling.errors';
import type { Clinic } from './clinic';
import { ClinicsRepository } from './clinics.repository';

/**
 * Reads clinics. Clinic users read their own clinic: another clinic's id answers exactly like an
 * unknown one (no existence leak across tenants; row-level security would hide it anyway). The
 * platform operator reads any clinic's record and lists them all, and nothing a clinic holds.
 */
@Injectable()
export class ClinicsService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly clinics: ClinicsRepository,
  ) {}

  async get(principal: Principal, id: string): Promise<Clinic> {
    const allowed = hasRole(principal, 'operator') || forClinic(principal, id);
    const clinic = allowed ? await this.tenant.withTenant(id, (tx) => this.clinics.find(tx, id)) : undefined;
    if (!clinic) throw clinicNotFound();
    return clinic;
  }

  list(page: PageRequest): Promise<Page<Clinic>> {
    return this.tenant.withoutTenant((tx) => this.clinics.catalogue(tx, page));
  }
}

import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
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
    private readonly audit: AuditTrail,
  ) {}

  async get(principal: Principal, id: string): Promise<Clinic> {
    const allowed = hasRole(principal, 'operator') || forClinic(principal, id);
    const clinic = allowed ? await this.tenant.withTenant(id, (tx) => this.clinics.find(tx, id)) : undefined;
    if (!clinic) throw clinicNotFound();
    return clinic;
  }

  /** The operator's list of clinics: an action of no one clinic, on the platform audit chain. */
  list(principal: Principal, page: PageRequest): Promise<Page<Clinic>> {
    return this.tenant.withoutTenant(async (tx) => {
      const clinics = await this.clinics.catalogue(tx, page);
      await this.audit.record(tx, {
        clinicId: null,
        principal,
        action: 'clinic.list',
        resourceType: 'clinic',
        outcome: 'allowed',
      });
      return clinics;
    });
  }
}

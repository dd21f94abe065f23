import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inTenantTransaction } from '@carebus/platform';
import { Clinic } from './clinic.entity';

@Injectable()
export class ClinicsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Scoped twice: by the query and by row-level security for the caller's clinic. */
  async findForTenant(tenantClinicId: string, id: string): Promise<Clinic | null> {
    return inTenantTransaction(this.dataSource, tenantClinicId, (manager) =>
      manager.findOne(Clinic, { where: { id } }),
    );
  }

  /** Null when the clinic is not the tenant's (row-level security hides it). */
  async updateForTenant(
    tenantClinicId: string,
    id: string,
    changes: Partial<Pick<Clinic, 'name' | 'timeZone' | 'checkInWindowMinutes'>>,
  ): Promise<Clinic | null> {
    return inTenantTransaction(this.dataSource, tenantClinicId, async (manager) => {
      const clinic = await manager.findOne(Clinic, { where: { id } });
      if (!clinic) return null;
      if (Object.keys(changes).length > 0) await manager.update(Clinic, { id }, changes);
      return Object.assign(clinic, changes);
    });
  }
}

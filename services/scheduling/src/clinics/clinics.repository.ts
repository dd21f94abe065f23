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
}

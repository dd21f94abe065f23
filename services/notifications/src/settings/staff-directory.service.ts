import { Injectable } from '@nestjs/common';
import { TenantScope } from '@carebus/persistence';
import { staffNotFound } from '../notifications.errors';
import { StaffDirectoryRepository, type StaffMember } from './staff-directory.repository';

/** The clinic's staff directory (e-mail addresses for staff alerts). */
@Injectable()
export class StaffDirectoryService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly staff: StaffDirectoryRepository,
  ) {}

  list(clinicId: string): Promise<StaffMember[]> {
    return this.tenant.withTenant(clinicId, (tx) => this.staff.list(tx));
  }

  async put(clinicId: string, member: StaffMember): Promise<StaffMember> {
    await this.tenant.withTenant(clinicId, (tx) => this.staff.put(tx, member));
    return member;
  }

  async remove(clinicId: string, userId: string): Promise<void> {
    const removed = await this.tenant.withTenant(clinicId, (tx) => this.staff.remove(tx, userId));
    if (!removed) throw staffNotFound();
  }
}

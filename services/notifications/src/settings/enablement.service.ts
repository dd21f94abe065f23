import { Injectable } from '@nestjs/common';
import { TenantScope } from '@carebus/persistence';
import { clinicNotFound, enablementNotFound } from '../notifications.errors';
import { EnablementRepository, type EnablementRule, type EnablementScope } from './enablement.repository';

/** Channel enablement rules of a clinic, its calendars and appointment types. */
@Injectable()
export class EnablementService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly enablement: EnablementRepository,
  ) {}

  list(clinicId: string): Promise<EnablementRule[]> {
    return this.tenant.withTenant(clinicId, (tx) => this.enablement.list(tx));
  }

  async put(clinicId: string, rule: EnablementRule): Promise<EnablementRule> {
    // A clinic rule names the caller's own clinic; any other id is a clinic it cannot see.
    if (rule.scope === 'clinic' && rule.scopeId !== clinicId) throw clinicNotFound();
    await this.tenant.withTenant(clinicId, (tx) => this.enablement.put(tx, rule));
    return rule;
  }

  async remove(clinicId: string, scope: EnablementScope, scopeId: string): Promise<void> {
    const removed = await this.tenant.withTenant(clinicId, (tx) =>
      this.enablement.remove(tx, scope, scopeId),
    );
    if (!removed) throw enablementNotFound();
  }
}

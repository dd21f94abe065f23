import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { assertForClinic, type Principal } from '@carebus/auth';
import { TenantScope } from '@carebus/persistence';
import { keyNotStored } from '../ehr-sync.errors';
import { factsOf, type KeyFacts } from './shared-key';
import { SharedKeysRepository } from './shared-keys.repository';
import { vaultEntry } from './vault-access';

/**
 * What a clinic admin may know about the clinic's key without seeing it: its id, version, who
 * stored and replaced it, and which KEK version wraps it. Not an access to the key (no alert);
 * audited as `shared_key.read`.
 */
@Injectable()
export class ReadKeyFactsUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly keys: SharedKeysRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(clinicId: string, principal: Principal): Promise<KeyFacts> {
    assertForClinic(principal, clinicId);
    const facts = await this.tenant.withTenant(clinicId, async (tx) => {
      const key = await this.keys.find(tx, 'none');
      if (key) await this.audit.record(tx, vaultEntry(clinicId, principal, 'read', 'allowed'));
      return key && factsOf(key);
    });
    if (!facts) throw keyNotStored();
    return facts;
  }
}

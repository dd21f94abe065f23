import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { assertConnectionAdmin, type ConnectionActor } from '../connections/connection-access';
import { ConnectionFailures } from '../connections/connection-failures';
import { ConnectionLoader } from '../connections/connection-loader';
import { EhrGateway } from '../connections/ehr-gateway';
import { unknownProviders, unknownReference } from '../ehr-sync.errors';
import { ReferenceDataRepository } from '../reference-data/reference-data.repository';
import { mappingEntry } from './mapping-access';
import type { ProviderMapping } from './mapping';
import { MappingsRepository } from './mappings.repository';

/**
 * Maps an EHR provider to a Carebus practitioner and calendar. The provider must be one the EHR
 * lists for the connection (asked first, outside any transaction); the practitioner and the
 * calendar must be active in ehr-sync's copy of the clinic's reference data, and a calendar with
 * an owner must belong to that practitioner (422 `ehrsync.unknown_reference`).
 */
@Injectable()
export class MapProviderUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly loader: ConnectionLoader,
    private readonly gateway: EhrGateway,
    private readonly failures: ConnectionFailures,
    private readonly mappings: MappingsRepository,
    private readonly reference: ReferenceDataRepository,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(
    actor: ConnectionActor,
    connectionId: string,
    mapping: ProviderMapping,
  ): Promise<ProviderMapping> {
    assertConnectionAdmin(actor);
    const { connection, target } = await this.loader.loadUsable(actor, connectionId, 'providers');
    const answer = await this.gateway.providers(target);
    if (!answer.ok) {
      throw await this.failures.handle(
        { actor, action: 'providers', connectionId, style: connection.style, entered: false },
        answer,
      );
    }
    if (!answer.providers.some((p) => p.externalId === mapping.providerExternalId)) {
      await this.audit.recordOutcome(mappingEntry(actor, 'put_provider', connectionId, 'failed'));
      throw unknownProviders(1);
    }
    const refused = await this.tenant.withTenant(actor.clinicId, async (tx) => {
      const practitioner = await this.reference.active(tx, 'practitioner', mapping.practitionerId);
      if (!practitioner) return 'practitionerId';
      const calendar = await this.reference.active(tx, 'calendar', mapping.calendarId);
      if (
        !calendar ||
        (calendar.ownerPractitionerId && calendar.ownerPractitionerId !== mapping.practitionerId)
      )
        return 'calendarId';
      await this.mappings.putProvider(tx, connectionId, mapping, actor.principal.subject, this.clock.now());
      await this.audit.record(tx, mappingEntry(actor, 'put_provider', connectionId, 'allowed'));
      return null;
    });
    if (refused) {
      await this.audit.recordOutcome(mappingEntry(actor, 'put_provider', connectionId, 'failed'));
      throw unknownReference(refused);
    }
    return mapping;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { assertConnectionAdmin, type ConnectionActor } from '../connections/connection-access';
import { ConnectionsRepository } from '../connections/connections.repository';
import { connectionNotFound, mappingNotFound, unknownReference } from '../ehr-sync.errors';
import { ReferenceDataRepository } from '../reference-data/reference-data.repository';
import { mappingEntry } from './mapping-access';
import type { ClassMapping, ProviderMapping } from './mapping';
import { MappingsRepository } from './mappings.repository';

export interface ConnectionMappingList {
  providers: ProviderMapping[];
  classes: ClassMapping[];
}

/**
 * Reading a connection's mappings, mapping an EHR appointment class (to an appointment type
 * active in the local copy, or to unavailable time), and removing a mapping. Clinic admins only;
 * audited; another clinic's connection answers like an unknown one.
 */
@Injectable()
export class ManageMappingsUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly connections: ConnectionsRepository,
    private readonly mappings: MappingsRepository,
    private readonly reference: ReferenceDataRepository,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  list(actor: ConnectionActor, connectionId: string): Promise<ConnectionMappingList> {
    assertConnectionAdmin(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      if (!(await this.connections.find(tx, connectionId))) throw connectionNotFound();
      const found = {
        providers: await this.mappings.providers(tx, connectionId),
        classes: await this.mappings.classes(tx, connectionId),
      };
      await this.audit.record(tx, mappingEntry(actor, 'list', connectionId, 'allowed'));
      return found;
    });
  }

  async mapClass(actor: ConnectionActor, connectionId: string, mapping: ClassMapping): Promise<ClassMapping> {
    assertConnectionAdmin(actor);
    const known = await this.tenant.withTenant(actor.clinicId, async (tx) => {
      if (!(await this.connections.find(tx, connectionId))) throw connectionNotFound();
      if (
        !mapping.unavailable &&
        !(await this.reference.active(tx, 'appointment_type', mapping.appointmentTypeId))
      )
        return false;
      await this.mappings.putClass(tx, connectionId, mapping, actor.principal.subject, this.clock.now());
      await this.audit.record(tx, mappingEntry(actor, 'put_class', connectionId, 'allowed'));
      return true;
    });
    if (!known) {
      await this.audit.recordOutcome(mappingEntry(actor, 'put_class', connectionId, 'failed'));
      throw unknownReference('appointmentTypeId');
    }
    return mapping;
  }

  remove(
    actor: ConnectionActor,
    connectionId: string,
    what: 'provider' | 'class',
    key: string,
  ): Promise<void> {
    assertConnectionAdmin(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      if (!(await this.connections.find(tx, connectionId))) throw connectionNotFound();
      const removed =
        what === 'provider'
          ? await this.mappings.deleteProvider(tx, connectionId, key)
          : await this.mappings.deleteClass(tx, connectionId, key);
      if (!removed) throw mappingNotFound();
      await this.audit.record(
        tx,
        mappingEntry(
          actor,
          what === 'provider' ? 'delete_provider' : 'delete_class',
          connectionId,
          'allowed',
        ),
      );
    });
  }
}

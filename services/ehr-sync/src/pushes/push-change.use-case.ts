import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import type { Principal } from '@carebus/auth';
import { CLOCK, type Clock } from '@carebus/platform';
import { TenantScope } from '@carebus/persistence';
import { ConnectionsRepository } from '../connections/connections.repository';
import { connectionNotFound } from '../ehr-sync.errors';
import { AppointmentImport } from '../import/appointment-import';
import { MappingsRepository } from '../mappings/mappings.repository';
import type { PushedChange } from './pushed-change';
import { PushedChangesRepository } from './pushed-changes.repository';

export interface PushOutcome {
  /** The connection had processed this change id before: nothing was done. */
  duplicate: boolean;
  /** An EhrAppointmentImported event was written (a new or changed version). */
  imported: boolean;
}

/**
 * Processes one change an EHR vendor pushed, exactly once: in one transaction of the token's
 * clinic, the change id is recorded for the connection and an appointment change goes through the
 * sync's own import (mapped, versioned, its event in the outbox). A change id seen before, or a
 * version imported before, emits nothing. Another clinic's connection answers as unknown.
 */
@Injectable()
export class PushChangeUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly connections: ConnectionsRepository,
    private readonly mappings: MappingsRepository,
    private readonly pushed: PushedChangesRepository,
    private readonly imports: AppointmentImport,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(principal: Principal, clinicId: string, change: PushedChange): Promise<PushOutcome> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      const connection = await this.connections.find(tx, change.connectionId);
      if (!connection) throw connectionNotFound();
      const now = this.clock.now();
      const externalId =
        change.kind === 'patient_created' ? change.patient.externalId : change.appointment.externalId;
      const entry = {
        clinicId,
        principal,
        resourceId: `${connection.id}:${externalId}`,
        outcome: 'allowed' as const,
      };
      const isNew = await this.pushed.recordNew(
        tx,
        { connectionId: connection.id, changeId: change.changeId, kind: change.kind, externalId },
        now,
      );
      if (!isNew) {
        await this.audit.record(tx, { ...entry, action: 'ehr_push.duplicate', resourceType: 'ehr_change' });
        return { duplicate: true, imported: false };
      }
      if (change.kind === 'patient_created') {
        // Patients are linked by their EHR id only: the id is known from now on, nothing leaves.
        await this.audit.record(tx, { ...entry, action: 'ehr_patient.push', resourceType: 'ehr_patient' });
        return { duplicate: false, imported: false };
      }
      await this.audit.record(tx, {
        ...entry,
        action: 'ehr_appointment.push',
        resourceType: 'ehr_appointment',
      });
      const counts = await this.imports.importPage(
        tx,
        {
          clinicId,
          connectionId: connection.id,
          ehrSystem: connection.style,
          syncRunId: null,
          mappings: await this.mappings.load(tx, connection.id),
          unavailableClasses: new Set(connection.settings.unavailableAppointmentClasses),
          providerIds: new Set(connection.settings.providerIds),
        },
        [change.appointment],
        now,
      );
      return { duplicate: false, imported: counts.created + counts.updated > 0 };
    });
  }
}

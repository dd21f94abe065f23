import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { connectionNotFound, settingsVersionMismatch, unknownProviders } from '../ehr-sync.errors';
import type { ConnectionSettings, EhrConnection } from './connection';
import { assertConnectionAdmin, connectionEntry, type ConnectionActor } from './connection-access';
import { ConnectionFailures } from './connection-failures';
import { ConnectionLoader } from './connection-loader';
import { ConnectionsRepository } from './connections.repository';
import { EhrGateway } from './ehr-gateway';

export interface UpdateSettingsCommand {
  actor: ConnectionActor;
  connectionId: string;
  settings: ConnectionSettings;
  /** The settings version last read; another current version answers 409 with `currentVersion`. */
  expectedVersion: number;
}

/**
 * Replaces a connection's sync settings (versioned). Providers newly chosen must be among those
 * the EHR lists (asked through the connection before the write, outside the transaction).
 */
@Injectable()
export class UpdateSettingsUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly connections: ConnectionsRepository,
    private readonly loader: ConnectionLoader,
    private readonly gateway: EhrGateway,
    private readonly failures: ConnectionFailures,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(cmd: UpdateSettingsCommand): Promise<EhrConnection> {
    const { actor, connectionId: id, settings } = cmd;
    assertConnectionAdmin(actor);
    const { connection } = await this.loader.load(actor, id);
    const added = settings.providerIds.filter((p) => !connection.settings.providerIds.includes(p));
    if (added.length > 0) {
      const { target } = await this.loader.loadUsable(actor, id, 'settings');
      const answer = await this.gateway.providers(target);
      if (!answer.ok) {
        throw await this.failures.handle(
          { actor, action: 'settings', connectionId: id, style: connection.style, entered: false },
          answer,
        );
      }
      const listed = new Set(answer.providers.map((p) => p.externalId));
      const unknown = added.filter((p) => !listed.has(p));
      if (unknown.length > 0) {
        await this.audit.recordOutcome(connectionEntry(actor, 'settings', id, 'failed'));
        throw unknownProviders(unknown.length);
      }
    }
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const at = this.clock.now();
      if (!(await this.connections.updateSettings(tx, id, settings, cmd.expectedVersion, at))) {
        const current = await this.connections.find(tx, id);
        if (!current) throw connectionNotFound();
        throw settingsVersionMismatch(current.settingsVersion);
      }
      await this.audit.record(tx, connectionEntry(actor, 'settings', id, 'allowed'));
      return { ...connection, settings, settingsVersion: cmd.expectedVersion + 1, updatedAt: at };
    });
  }
}

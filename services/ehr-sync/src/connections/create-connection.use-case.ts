import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditTrail } from '@carebus/audit';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { connectionNeedsKey } from '../ehr-sync.errors';
import { ClinicKeyring } from '../key-vault/clinic-keyring';
import { checkedBaseUrl } from './base-url';
import { DEFAULT_SETTINGS, type ConnectionCredentials, type EhrConnection } from './connection';
import { assertConnectionAdmin, connectionEntry, type ConnectionActor } from './connection-access';
import { ConnectionCredentialsVault } from './connection-credentials';
import { ConnectionFailures } from './connection-failures';
import { ConnectionsRepository } from './connections.repository';
import { CONNECTIONS_SETTINGS, type ConnectionsSettings } from './connections-settings';
import { EhrGateway } from './ehr-gateway';

export interface CreateConnectionCommand {
  actor: ConnectionActor;
  baseUrl: string;
  credentials: ConnectionCredentials;
}

/**
 * A clinic admin connects the clinic to an EHR. The credentials are proven first (sign in and
 * list the providers, outside any transaction); only then are the connection (active, default
 * settings, credentials sealed under the clinic's key) and its audit row written, together.
 */
@Injectable()
export class CreateConnectionUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly connections: ConnectionsRepository,
    private readonly vault: ConnectionCredentialsVault,
    private readonly keyring: ClinicKeyring,
    private readonly gateway: EhrGateway,
    private readonly failures: ConnectionFailures,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONNECTIONS_SETTINGS) private readonly settings: ConnectionsSettings,
  ) {}

  async execute(cmd: CreateConnectionCommand): Promise<EhrConnection> {
    const { actor, credentials } = cmd;
    assertConnectionAdmin(actor);
    const baseUrl = checkedBaseUrl(cmd.baseUrl, this.settings.production);
    if (!(await this.tenant.withTenant(actor.clinicId, (tx) => this.keyring.hasKey(tx)))) {
      await this.audit.recordOutcome(connectionEntry(actor, 'create', null, 'failed'));
      throw connectionNeedsKey();
    }
    const id = randomUUID();
    const target = { connectionId: id, style: credentials.style, baseUrl, credentials };
    const answer = await this.gateway.signIn(target);
    if (!answer.ok) {
      throw await this.failures.handle(
        { actor, action: 'create', connectionId: id, style: credentials.style, entered: true },
        answer,
      );
    }
    const now = this.clock.now();
    try {
      return await this.tenant.withTenant(actor.clinicId, async (tx) => {
        const connection: EhrConnection = {
          id,
          clinicId: actor.clinicId,
          style: credentials.style,
          baseUrl,
          sealedCredentials: await this.vault.seal(tx, id, credentials),
          status: 'active',
          statusCode: null,
          statusChangedAt: now,
          settings: DEFAULT_SETTINGS,
          settingsVersion: 1,
          createdBy: actor.principal.subject,
          createdAt: now,
          updatedAt: now,
        };
        await this.connections.insert(tx, connection);
        await this.audit.record(tx, connectionEntry(actor, 'create', id, 'allowed'));
        return connection;
      });
    } catch (error) {
      this.gateway.forget(id);
      throw error;
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { ValidationError } from '@carebus/errors';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { connectionNotFound } from '../ehr-sync.errors';
import type { ConnectionCredentials, EhrConnection } from './connection';
import { assertConnectionAdmin, connectionEntry, type ConnectionActor } from './connection-access';
import { ConnectionCredentialsVault } from './connection-credentials';
import { ConnectionFailures } from './connection-failures';
import { ConnectionLoader } from './connection-loader';
import { ConnectionsRepository } from './connections.repository';
import { EhrGateway } from './ehr-gateway';

export interface ReauthenticateCommand {
  actor: ConnectionActor;
  connectionId: string;
  /** New credentials; without them the stored ones sign in again. */
  credentials?: ConnectionCredentials;
}

/**
 * Signs a connection in again (after a de-authorisation or rejected credentials) with new or the
 * same credentials: proven against the EHR first, then active again in one transaction with
 * the new credentials sealed; the settings stay as they were.
 */
@Injectable()
export class ReauthenticateConnectionUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly connections: ConnectionsRepository,
    private readonly vault: ConnectionCredentialsVault,
    private readonly loader: ConnectionLoader,
    private readonly gateway: EhrGateway,
    private readonly failures: ConnectionFailures,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(cmd: ReauthenticateCommand): Promise<EhrConnection> {
    const { actor, connectionId: id } = cmd;
    assertConnectionAdmin(actor);
    const { connection, target } = await this.loader.load(actor, id);
    if (cmd.credentials && cmd.credentials.style !== connection.style) {
      throw new ValidationError([
        { field: 'credentials', message: `must be ${connection.style} credentials` },
      ]);
    }
    const credentials = cmd.credentials ?? target.credentials;
    const answer = await this.gateway.signIn({ ...target, credentials });
    if (!answer.ok) {
      throw await this.failures.handle(
        { actor, action: 'reauthenticate', connectionId: id, style: connection.style, entered: true },
        answer,
      );
    }
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const current = await this.connections.find(tx, id, true);
      if (!current) throw connectionNotFound();
      const sealed = cmd.credentials ? await this.vault.seal(tx, id, credentials) : current.sealedCredentials;
      const at = this.clock.now();
      await this.connections.reactivate(tx, id, sealed, at);
      await this.audit.record(tx, connectionEntry(actor, 'reauthenticate', id, 'allowed'));
      return {
        ...current,
        sealedCredentials: sealed,
        status: 'active',
        statusCode: null,
        statusChangedAt: at,
        updatedAt: at,
      };
    });
  }
}

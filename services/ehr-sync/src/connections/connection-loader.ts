import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { TenantScope } from '@carebus/persistence';
import { connectionDeauthorized, connectionInError, connectionNotFound } from '../ehr-sync.errors';
import type { EhrConnection } from './connection';
import { connectionEntry, type ConnectionAction, type ConnectionActor } from './connection-access';
import { ConnectionCredentialsVault } from './connection-credentials';
import { ConnectionsRepository } from './connections.repository';
import type { EhrTarget } from './ehr-gateway';

export interface LoadedConnection {
  connection: EhrConnection;
  target: EhrTarget;
}

/**
 * A connection and its opened credentials, read in a short transaction before the EHR is
 * called: 404 when the clinic has no such connection (audited as denied at the edge).
 */
@Injectable()
export class ConnectionLoader {
  constructor(
    private readonly tenant: TenantScope,
    private readonly connections: ConnectionsRepository,
    private readonly vault: ConnectionCredentialsVault,
    private readonly audit: AuditTrail,
  ) {}

  load(actor: ConnectionActor, id: string): Promise<LoadedConnection> {
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const connection = await this.connections.find(tx, id);
      if (!connection) throw connectionNotFound();
      const credentials = await this.vault.open(tx, id, connection.sealedCredentials);
      return {
        connection,
        target: { connectionId: id, style: connection.style, baseUrl: connection.baseUrl, credentials },
      };
    });
  }

  /** As `load`, for a use of the EHR: a de-authorised or failed connection must be re-authenticated first (409). */
  async loadUsable(actor: ConnectionActor, id: string, action: ConnectionAction): Promise<LoadedConnection> {
    const loaded = await this.load(actor, id);
    const { status } = loaded.connection;
    if (status === 'deauthorized' || status === 'error') {
      await this.audit.recordOutcome(connectionEntry(actor, action, id, 'failed'));
      throw status === 'deauthorized' ? connectionDeauthorized() : connectionInError();
    }
    return loaded;
  }
}

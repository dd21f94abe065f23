import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { TenantScope, type Page, type PageRequest } from '@carebus/persistence';
import { connectionNotFound } from '../ehr-sync.errors';
import type { EhrProvider } from '../ehr-adapters/ehr-appointment';
import type { EhrConnection } from './connection';
import { assertConnectionAdmin, connectionEntry, type ConnectionActor } from './connection-access';
import { ConnectionFailures } from './connection-failures';
import { ConnectionLoader } from './connection-loader';
import { ConnectionsRepository } from './connections.repository';
import { EhrGateway } from './ehr-gateway';

export interface CheckedConnection {
  connection: EhrConnection;
  providers: EhrProvider[];
}

/**
 * Reading a clinic's connections, and using one against its EHR: `check` and `providers` list
 * the EHR's providers through the connection's session; a withdrawn authorisation found there
 * de-authorises the connection (one ConnectionDeauthorized alert), rejected credentials put it
 * in error (one CredentialsRejected alert).
 */
@Injectable()
export class UseConnectionUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly connections: ConnectionsRepository,
    private readonly loader: ConnectionLoader,
    private readonly gateway: EhrGateway,
    private readonly failures: ConnectionFailures,
    private readonly audit: AuditTrail,
  ) {}

  list(actor: ConnectionActor, page: PageRequest): Promise<Page<EhrConnection>> {
    assertConnectionAdmin(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const found = await this.connections.list(tx, page);
      await this.audit.record(tx, connectionEntry(actor, 'list', null, 'allowed'));
      return found;
    });
  }

  read(actor: ConnectionActor, id: string): Promise<EhrConnection> {
    assertConnectionAdmin(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const connection = await this.connections.find(tx, id);
      if (!connection) throw connectionNotFound();
      await this.audit.record(tx, connectionEntry(actor, 'read', id, 'allowed'));
      return connection;
    });
  }

  /** Lists the EHR's providers through the connection (`check` and `providers`). */
  async check(actor: ConnectionActor, id: string, action: 'check' | 'providers'): Promise<CheckedConnection> {
    assertConnectionAdmin(actor);
    const { connection, target } = await this.loader.loadUsable(actor, id, action);
    const answer = await this.gateway.providers(target);
    if (!answer.ok) {
      throw await this.failures.handle(
        { actor, action, connectionId: id, style: connection.style, entered: false },
        answer,
      );
    }
    await this.audit.recordOutcome(connectionEntry(actor, action, id, 'allowed'));
    return { connection, providers: answer.providers };
  }
}

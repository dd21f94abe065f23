import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import type { DomainError } from '@carebus/errors';
import { Outbox } from '@carebus/outbox';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { connectionCredentialsRejected, connectionDeauthorized, ehrUnreachable } from '../ehr-sync.errors';
import type { ConnectionStyle } from './connection';
import { connectionEntry, type ConnectionAction, type ConnectionActor } from './connection-access';
import { connectionDeauthorizedEvent, credentialsRejectedEvent } from './connection-events';
import { ConnectionsRepository } from './connections.repository';
import { CONNECTIONS_SETTINGS, type ConnectionsSettings } from './connections-settings';
import type { EhrAnswer } from './ehr-gateway';

export interface FailedUse {
  actor: ConnectionActor;
  action: ConnectionAction;
  connectionId: string;
  style: ConnectionStyle;
  /** Credentials the admin just entered (create, re-authenticate): a rejection always alerts. */
  entered: boolean;
}

/**
 * What a refusal or failure of the EHR does, in one short transaction after the call: the
 * connection's status (active → error on rejected credentials, → deauthorized on a withdrawn
 * authorisation), the alert through the outbox (once per change of status, or once per entry
 * of credentials), and the `failed` audit row. Answers the error to throw.
 */
@Injectable()
export class ConnectionFailures {
  constructor(
    private readonly tenant: TenantScope,
    private readonly connections: ConnectionsRepository,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONNECTIONS_SETTINGS) private readonly settings: ConnectionsSettings,
  ) {}

  async handle(use: FailedUse, answer: Exclude<EhrAnswer, { ok: true }>): Promise<DomainError> {
    const at = this.clock.now();
    const alert = {
      connectionId: use.connectionId,
      clinicId: use.actor.clinicId,
      style: use.style,
      errorCode: answer.code,
      at,
    };
    await this.tenant.withTenant(use.actor.clinicId, async (tx) => {
      if (answer.failure === 'rejected') {
        const changed = await this.connections.changeStatus(
          tx,
          use.connectionId,
          ['active', 'pending'],
          'error',
          answer.code,
          at,
        );
        if (changed || use.entered)
          await this.outbox.add(tx, credentialsRejectedEvent(this.settings.alertTopic, alert));
      } else if (answer.failure === 'deauthorized') {
        const changed = await this.connections.changeStatus(
          tx,
          use.connectionId,
          ['active', 'pending'],
          'deauthorized',
          answer.code,
          at,
        );
        if (changed) await this.outbox.add(tx, connectionDeauthorizedEvent(this.settings.alertTopic, alert));
      }
      await this.audit.record(tx, connectionEntry(use.actor, use.action, use.connectionId, 'failed'));
    });
    if (answer.failure === 'rejected') return connectionCredentialsRejected();
    if (answer.failure === 'deauthorized') return connectionDeauthorized();
    return ehrUnreachable();
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditTrail } from '@carebus/audit';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { assertConnectionAdmin, type ConnectionActor } from '../connections/connection-access';
import { ConnectionsRepository } from '../connections/connections.repository';
import { connectionDeauthorized, connectionInError, connectionNotFound } from '../ehr-sync.errors';
import { syncEntry } from './sync-access';
import type { SyncRun } from './sync-run';
import { SyncRunner } from './sync-runner';
import { SyncRunsRepository } from './sync-runs.repository';
import { SyncSchedulesRepository } from './sync-schedules.repository';

/**
 * "Sync the whole schedule": a queued on-demand run, answered at once (202 with the run), run by
 * whichever replica claims the connection next. A request while one waits answers that one.
 */
@Injectable()
export class RequestSyncUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly connections: ConnectionsRepository,
    private readonly schedules: SyncSchedulesRepository,
    private readonly runs: SyncRunsRepository,
    private readonly runner: SyncRunner,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(actor: ConnectionActor, connectionId: string): Promise<SyncRun> {
    assertConnectionAdmin(actor);
    const run = await this.tenant.withTenant(actor.clinicId, async (tx) => {
      const connection = await this.connections.find(tx, connectionId);
      if (!connection) throw connectionNotFound();
      if (connection.status === 'deauthorized' || connection.status === 'error') return connection.status;
      const id = randomUUID();
      const waiting = await this.schedules.requestOnDemand(tx, connectionId, id);
      if (waiting === id) {
        await this.runs.insert(tx, {
          id,
          connectionId,
          token: randomUUID(),
          kind: 'on_demand',
          state: 'queued',
          requestedBy: actor.principal.subject,
          at: this.clock.now(),
          runner: null,
          takenOverFrom: null,
        });
      }
      await this.audit.record(tx, syncEntry(actor, 'request', connectionId, 'allowed'));
      return (await this.runs.find(tx, connectionId, waiting ?? id))!;
    });
    if (run === 'deauthorized' || run === 'error') {
      await this.audit.recordOutcome(syncEntry(actor, 'request', connectionId, 'failed'));
      throw run === 'deauthorized' ? connectionDeauthorized() : connectionInError();
    }
    this.runner.poke();
    return run;
  }
}

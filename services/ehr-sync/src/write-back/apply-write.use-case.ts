import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { Outbox } from '@carebus/outbox';
import { TenantScope, type Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import type { EhrConnection } from '../connections/connection';
import { ConnectionCredentialsVault } from '../connections/connection-credentials';
import { ConnectionFailures } from '../connections/connection-failures';
import { ConnectionsRepository } from '../connections/connections.repository';
import { EhrGateway, type EhrTarget } from '../connections/ehr-gateway';
import { ERROR_CODES } from '../ehr-sync.errors';
import { EhrLinksRepository } from './ehr-links.repository';
import { EhrWritePlanner, type EhrWriteCall } from './ehr-write-plan';
import { journalEntryFailedEvent, journalEntryFiledEvent } from './journal-entry-events';
import { WRITE_BACK_ACTOR, writeEntry } from './write-back-access';
import { writeBackParkedEvent } from './write-back-events';
import { WriteBackMetrics } from './write-back-metrics';
import { WRITE_BACK_SETTINGS, type WriteBackSettings } from './write-back-settings';
import { nextDelayMs } from './write-backoff';
import { classifyWriteFailure, type WriteFailure } from './write-failure';
import type { WriteItem } from './write-item';
import { WriteQueueRepository } from './write-queue.repository';

/** A claimed write: its id, its clinic and the drainer holding its lease. */
export interface ClaimedWrite {
  id: string;
  clinicId: string;
}

type Prepared =
  | { ready: true; item: WriteItem; connection: EhrConnection; target: EhrTarget; call: EhrWriteCall }
  | { ready: false };

/**
 * Makes one queued write in the EHR: plan it in a short transaction (lease still held?), call the
 * EHR outside any transaction, then record the outcome in a second one — done with the EHR's id
 * linked, retried later with backoff (the whole connection held while the EHR is down or rate
 * limits), or parked with an alert. A crash between the call and the record leaves the write
 * pending; its lease runs out and the retry, with the same idempotency key, finds the first write
 * in the EHR. So each write lands once.
 */
@Injectable()
export class ApplyWriteUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly queue: WriteQueueRepository,
    private readonly connections: ConnectionsRepository,
    private readonly vault: ConnectionCredentialsVault,
    private readonly gateway: EhrGateway,
    private readonly planner: EhrWritePlanner,
    private readonly links: EhrLinksRepository,
    private readonly failures: ConnectionFailures,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly metrics: WriteBackMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WRITE_BACK_SETTINGS) private readonly settings: WriteBackSettings,
  ) {}

  async execute(claimed: ClaimedWrite): Promise<void> {
    const prepared = await this.tenant.withTenant(claimed.clinicId, (tx) => this.prepare(tx, claimed.id));
    if (!prepared.ready) return;
    const { item, connection, target, call } = prepared;
    let externalId: string;
    try {
      externalId = await this.gateway.use(target, call);
    } catch (error) {
      return this.failed(item, connection, classifyWriteFailure(error));
    }
    await this.tenant.withTenant(item.clinicId, async (tx) => {
      if (!(await this.queue.leased(tx, item.id, this.settings.workerId))) {
        this.metrics.writes.inc({ kind: item.kind, outcome: 'lost_lease' });
        return; // another drainer took it over; its retry finds this write in the EHR
      }
      const at = this.clock.now();
      await this.queue.markDone(tx, item.id, externalId, at);
      if (item.kind === 'create')
        await this.links.link(tx, item.connectionId, 'appointment', item.subjectId, externalId, at);
      if (item.kind === 'note') {
        const filed = {
          journalEntryId: item.subjectId,
          clinicId: item.clinicId,
          connectionId: item.connectionId,
        };
        await this.outbox.add(
          tx,
          journalEntryFiledEvent(this.settings.journalAnswerTopic, { ...filed, externalId, at }),
        );
      }
      await this.audit.record(tx, writeEntry(WRITE_BACK_ACTOR, 'write', item.clinicId, item, 'allowed'));
      this.metrics.writes.inc({ kind: item.kind, outcome: 'done' });
    });
  }

  private async prepare(tx: Tx, id: string): Promise<Prepared> {
    const item = await this.queue.leased(tx, id, this.settings.workerId);
    if (!item) return { ready: false };
    const connection = await this.connections.find(tx, item.connectionId);
    if (!connection) {
      await this.park(tx, item, 'vendor', ERROR_CODES.writeBackConnectionGone, null);
      return { ready: false };
    }
    if (this.expired(item)) {
      await this.park(tx, item, connection.style, ERROR_CODES.writeBackExpired, item.lastErrorCode);
      return { ready: false };
    }
    if (connection.status !== 'active') {
      // Waits for the admin to re-authenticate (alerted when the status changed); parks at its maximum age.
      await this.retry(tx, item, `ehrsync.connection_${connection.status}`, null, false);
      return { ready: false };
    }
    const plan = await this.planner.plan(tx, item, connection);
    if ('refused' in plan) {
      await this.park(tx, item, connection.style, plan.refused, null);
      return { ready: false };
    }
    const credentials = await this.vault.open(tx, connection.id, connection.sealedCredentials);
    const target = {
      connectionId: connection.id,
      style: connection.style,
      baseUrl: connection.baseUrl,
      credentials,
    };
    return { ready: true, item, connection, target, call: plan.call };
  }

  private async failed(item: WriteItem, connection: EhrConnection, failure: WriteFailure): Promise<void> {
    if (failure.kind === 'connection') {
      const principal = { subject: WRITE_BACK_ACTOR.subject, clinicId: item.clinicId, roles: [], scopes: [] };
      const actor = { clinicId: item.clinicId, principal };
      await this.failures.handle(
        { actor, action: 'write_back', connectionId: connection.id, style: connection.style, entered: false },
        { ok: false, failure: failure.failure, code: failure.code },
      );
    }
    await this.tenant.withTenant(item.clinicId, async (tx) => {
      const current = await this.queue.leased(tx, item.id, this.settings.workerId);
      if (!current) return;
      if (failure.kind === 'park') return this.park(tx, current, connection.style, failure.code, null);
      if (this.expired(current))
        return this.park(tx, current, connection.style, ERROR_CODES.writeBackExpired, failure.code);
      const retryAfter = failure.kind === 'retry' ? failure.retryAfterMs : null;
      const hold = failure.kind === 'retry' && failure.holdConnection;
      await this.retry(tx, current, failure.code, retryAfter, hold);
    });
  }

  private async retry(
    tx: Tx,
    item: WriteItem,
    code: string,
    retryAfterMs: number | null,
    holdConnection: boolean,
  ): Promise<void> {
    const now = this.clock.now();
    const next = new Date(now.getTime() + nextDelayMs(this.settings.backoff, item.attempts, retryAfterMs));
    await this.queue.retryLater(tx, item.id, code, next);
    if (holdConnection) await this.queue.holdConnection(tx, item.connectionId, next);
    this.metrics.writes.inc({ kind: item.kind, outcome: 'retry' });
  }

  private async park(
    tx: Tx,
    item: WriteItem,
    style: EhrConnection['style'],
    code: string,
    lastErrorCode: string | null,
  ): Promise<void> {
    const at = this.clock.now();
    await this.queue.park(tx, item.id, code, at);
    await this.outbox.add(
      tx,
      writeBackParkedEvent(this.settings.alertTopic, { item, style, code, lastErrorCode, at }),
    );
    if (item.kind === 'note') {
      const failed = {
        journalEntryId: item.subjectId,
        clinicId: item.clinicId,
        connectionId: item.connectionId,
      };
      await this.outbox.add(
        tx,
        journalEntryFailedEvent(this.settings.journalAnswerTopic, { ...failed, errorCode: code, at }),
      );
    }
    await this.audit.record(tx, writeEntry(WRITE_BACK_ACTOR, 'park', item.clinicId, item, 'failed'));
    this.metrics.writes.inc({ kind: item.kind, outcome: 'parked' });
  }

  private expired(item: WriteItem): boolean {
    return this.clock.now().getTime() - item.ageFrom.getTime() > this.settings.maxAgeMs;
  }
}

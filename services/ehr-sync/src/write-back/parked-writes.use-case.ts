import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { TenantScope, type Page, type PageRequest } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { writeNotFound, writeNotParked } from '../ehr-sync.errors';
import { assertWriteBackOperator, writeEntry, type WriteBackActor } from './write-back-access';
import type { WriteItem } from './write-item';
import { WriteQueueRepository } from './write-queue.repository';

/**
 * The operator's side of parking: list a clinic's parked writes, and put one back in the queue
 * (due now, its age counted afresh, the drainer's order rules unchanged). Both audited.
 */
@Injectable()
export class ParkedWritesUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly queue: WriteQueueRepository,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  list(actor: WriteBackActor, page: PageRequest): Promise<Page<WriteItem>> {
    assertWriteBackOperator(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const found = await this.queue.listParked(tx, page);
      await this.audit.record(
        tx,
        writeEntry(actor.principal, 'list_parked', actor.clinicId, null, 'allowed'),
      );
      return found;
    });
  }

  async retry(actor: WriteBackActor, id: string): Promise<WriteItem> {
    assertWriteBackOperator(actor);
    const [item, retried] = await this.tenant.withTenant(
      actor.clinicId,
      async (tx): Promise<[WriteItem, boolean]> => {
        const found = await this.queue.find(tx, id, true);
        if (!found) throw writeNotFound();
        if (found.status !== 'parked') return [found, false];
        await this.queue.unpark(tx, id, this.clock.now());
        await this.audit.record(tx, writeEntry(actor.principal, 'retry', actor.clinicId, found, 'allowed'));
        return [(await this.queue.find(tx, id)) ?? found, true];
      },
    );
    if (retried) return item;
    await this.audit.recordOutcome(writeEntry(actor.principal, 'retry', actor.clinicId, item, 'failed'));
    throw writeNotParked(item.status);
  }
}

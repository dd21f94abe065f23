import { Injectable } from '@nestjs/common';
import { hasRole } from '@carebus/auth';
import { AuditTrail } from '@carebus/audit';
import { TenantScope, type Page, type PageRequest } from '@carebus/persistence';
import { InboxesRepository } from '../inboxes/inboxes.repository';
import { UnreadCounters } from '../inboxes/unread-counters';
import { inboxNotFound, messagingForbidden } from '../messaging.errors';
import { OrgUnitsRepository } from '../org/org-units.repository';
import type { Thread } from '../threads/thread';
import { patientOf } from '../threads/thread-access';
import { ThreadListsRepository } from '../threads/thread-lists.repository';
import { assertStaff, sameClinic, type Actor } from './actor';

export interface InboxView {
  id: string;
  kind: 'personal' | 'shared';
  name: string;
  unitId: string | null;
  unread: number;
}

/** Inboxes with their unread counts, an inbox's threads, and a patient's own threads; audited. */
@Injectable()
export class ListThreadsUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly inboxes: InboxesRepository,
    private readonly counters: UnreadCounters,
    private readonly units: OrgUnitsRepository,
    private readonly lists: ThreadListsRepository,
    private readonly audit: AuditTrail,
  ) {}

  async inboxesOf(actor: Actor): Promise<InboxView[]> {
    assertStaff(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const subject = actor.principal.subject;
      const mine = await this.inboxes.of(tx, subject);
      const unread = await this.counters.of(
        tx,
        subject,
        mine.map((i) => i.id),
      );
      const names = new Map((await this.units.list(tx)).map((u) => [u.id, u.name]));
      return mine.map((i) => ({
        id: i.id,
        kind: i.kind,
        name: i.unitId ? (names.get(i.unitId) ?? '') : 'Personal',
        unitId: i.unitId,
        unread: unread.get(i.id) ?? 0,
      }));
    });
  }

  async inboxThreads(actor: Actor, inboxId: string, page: PageRequest): Promise<Page<Thread>> {
    assertStaff(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const mine = await this.inboxes.of(tx, actor.principal.subject);
      if (!mine.some((i) => i.id === inboxId.toLowerCase())) throw inboxNotFound();
      await this.audit.record(tx, this.entry(actor, 'inbox.list_threads', inboxId));
      return this.lists.inInbox(tx, inboxId, page);
    });
  }

  async ofPatient(actor: Actor, page: PageRequest): Promise<Page<Thread>> {
    const patientId = patientOf(actor.principal);
    if (!patientId || !sameClinic(actor)) throw messagingForbidden();
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      await this.audit.record(tx, { ...this.entry(actor, 'thread.list', null), patientId });
      return this.lists.ofPatient(tx, patientId, !hasRole(actor.principal, 'guardian'), page);
    });
  }

  private entry(actor: Actor, action: string, resourceId: string | null) {
    return {
      clinicId: actor.clinicId,
      principal: actor.principal,
      action,
      resourceType: resourceId ? 'inbox' : 'thread',
      resourceId,
      outcome: 'allowed' as const,
    };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditTrail } from '@carebus/audit';
import { TenantScope, type Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { assertAdmin, assertStaff, type Actor } from '../dialogues/actor';
import { InboxesRepository } from '../inboxes/inboxes.repository';
import { UnreadCounters } from '../inboxes/unread-counters';
import { unitNotFound } from '../messaging.errors';
import { OrgUnitsRepository, type OrgUnit, type UnitKind } from './org-units.repository';

/**
 * Positions, groups, roles and organisation units and their members, managed by clinic admins
 * (audited). Each unit has a shared inbox. A membership change rebuilds the clinic's unread
 * counters in the same transaction, so a new member's count starts from what the inbox holds.
 */
@Injectable()
export class OrgUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly units: OrgUnitsRepository,
    private readonly inboxes: InboxesRepository,
    private readonly counters: UnreadCounters,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(actor: Actor): Promise<(OrgUnit & { members: string[] })[]> {
    assertStaff(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      await this.units.wholeClinic(tx, this.clock.now());
      const units = await this.units.list(tx);
      return Promise.all(units.map(async (u) => ({ ...u, members: await this.units.members(tx, u.id) })));
    });
  }

  async create(actor: Actor, kind: UnitKind, name: string): Promise<OrgUnit> {
    assertAdmin(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const unit: OrgUnit = { id: randomUUID(), kind, name, wholeClinic: false, createdAt: this.clock.now() };
      await this.units.insert(tx, unit);
      await this.inboxes.shared(tx, unit.id, unit.createdAt);
      await this.record(tx, actor, 'org_unit.create', unit.id);
      return unit;
    });
  }

  async setMember(actor: Actor, unitId: string, subject: string, member: boolean): Promise<void> {
    assertAdmin(actor);
    await this.tenant.withTenant(actor.clinicId, async (tx) => {
      if (!(await this.units.find(tx, unitId))) throw unitNotFound();
      const changed = member
        ? await this.units.addMember(tx, unitId, subject, this.clock.now())
        : await this.units.removeMember(tx, unitId, subject);
      if (changed) await this.counters.rebuild(tx);
      await this.record(tx, actor, member ? 'org_member.add' : 'org_member.remove', unitId);
    });
  }

  private record(tx: Tx, actor: Actor, action: string, unitId: string) {
    return this.audit.record(tx, {
      clinicId: actor.clinicId,
      principal: actor.principal,
      action,
      resourceType: 'org_unit',
      resourceId: unitId,
      outcome: 'allowed',
    });
  }
}

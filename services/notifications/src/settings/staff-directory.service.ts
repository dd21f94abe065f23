import { Injectable } from '@nestjs/common';
import { AuditTrail, type AuditActor } from '@carebus/audit';
import { TenantScope, type Tx } from '@carebus/persistence';
import { staffNotFound } from '../notifications.errors';
import { StaffDirectoryRepository, type StaffMember } from './staff-directory.repository';

export type StaffContactAccess = 'staff_contact.read' | 'staff_contact.write' | 'staff_contact.delete';

/** Who asks, for which clinic: every access to one member's contact points is audited under them. */
export interface StaffActor {
  clinicId: string;
  principal: AuditActor;
}

/**
 * The clinic's staff contact points (addresses for staff alerts and dialogue notices). Reads of
 * one member, writes and deletes are audited in their own transaction; a miss answers 404, which
 * the edge audits as denied.
 */
@Injectable()
export class StaffDirectoryService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly staff: StaffDirectoryRepository,
    private readonly audit: AuditTrail,
  ) {}

  list(clinicId: string): Promise<StaffMember[]> {
    return this.tenant.withTenant(clinicId, (tx) => this.staff.list(tx));
  }

  async get(actor: StaffActor, userId: string): Promise<StaffMember> {
    const member = await this.tenant.withTenant(actor.clinicId, async (tx) => {
      const found = await this.staff.find(tx, userId);
      if (found) await this.audited(tx, actor, 'staff_contact.read', userId);
      return found;
    });
    if (!member) throw staffNotFound();
    return member;
  }

  async put(actor: StaffActor, member: StaffMember): Promise<StaffMember> {
    await this.tenant.withTenant(actor.clinicId, async (tx) => {
      await this.staff.put(tx, member);
      await this.audited(tx, actor, 'staff_contact.write', member.userId);
    });
    return member;
  }

  async remove(actor: StaffActor, userId: string): Promise<void> {
    const removed = await this.tenant.withTenant(actor.clinicId, async (tx) => {
      const gone = await this.staff.remove(tx, userId);
      if (gone) await this.audited(tx, actor, 'staff_contact.delete', userId);
      return gone;
    });
    if (!removed) throw staffNotFound();
  }

  private audited(tx: Tx, actor: StaffActor, action: StaffContactAccess, userId: string): Promise<void> {
    return this.audit.record(tx, {
      clinicId: actor.clinicId,
      principal: actor.principal,
      action,
      resourceType: 'staff_contact',
      resourceId: userId,
      patientId: null,
      outcome: 'allowed',
    });
  }
}

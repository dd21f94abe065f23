import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditTrail } from '@carebus/audit';
import { TenantScope, type Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { assertAdmin, assertStaff, type Actor } from '../dialogues/actor';
import { templateNotFound } from '../messaging.errors';
import { TemplatesRepository, type Template, type TemplateKind } from './templates.repository';

/** Templates for texts sent often (staff read them, admins write them) and the automatic dialogue per appointment type. */
@Injectable()
export class TemplatesUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly templates: TemplatesRepository,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(actor: Actor): Promise<Template[]> {
    assertStaff(actor);
    return this.tenant.withTenant(actor.clinicId, (tx) => this.templates.list(tx));
  }

  async create(
    actor: Actor,
    t: { name: string; kind: TemplateKind; subject: string; body: string },
  ): Promise<Template> {
    assertAdmin(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const template: Template = { id: randomUUID(), ...t, version: 1, createdAt: this.clock.now() };
      await this.templates.insert(tx, template);
      await this.record(tx, actor, 'template.create', template.id);
      return template;
    });
  }

  async setAutoDialogue(actor: Actor, appointmentTypeId: string, templateId: string): Promise<void> {
    assertAdmin(actor);
    await this.tenant.withTenant(actor.clinicId, async (tx) => {
      if (!(await this.templates.find(tx, templateId))) throw templateNotFound();
      await this.templates.setAutoDialogue(tx, appointmentTypeId, templateId, this.clock.now());
      await this.record(tx, actor, 'auto_dialogue.write', appointmentTypeId);
    });
  }

  private record(tx: Tx, actor: Actor, action: string, id: string) {
    return this.audit.record(tx, {
      clinicId: actor.clinicId,
      principal: actor.principal,
      action,
      resourceType: 'template',
      resourceId: id,
      outcome: 'allowed',
    });
  }
}

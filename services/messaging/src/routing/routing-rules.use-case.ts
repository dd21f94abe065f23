import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { ConflictError } from '@carebus/errors';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { assertAdmin, assertStaff, type Actor } from '../dialogues/actor';
import { receiverRequired, unitNotFound } from '../messaging.errors';
import { OrgUnitsRepository } from '../org/org-units.repository';
import type { MessageType, RoutingMode, RoutingRule } from './routing-rule';
import { RoutingRulesRepository } from './routing-rules.repository';

export interface PutRoutingRuleCommand {
  messageType: MessageType;
  mode: RoutingMode;
  receiverUnitId: string | null;
  expectedVersion: number;
}

/** The clinic's routing rules: read by staff, set by clinic admins (audited). Existing threads keep their routing. */
@Injectable()
export class RoutingRulesUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly rules: RoutingRulesRepository,
    private readonly units: OrgUnitsRepository,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(actor: Actor): Promise<RoutingRule[]> {
    assertStaff(actor);
    return this.tenant.withTenant(actor.clinicId, (tx) => this.rules.all(tx));
  }

  async put(actor: Actor, cmd: PutRoutingRuleCommand): Promise<RoutingRule> {
    assertAdmin(actor);
    if (cmd.mode !== 'practitioner' && !cmd.receiverUnitId) throw receiverRequired();
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const receiver = cmd.mode === 'practitioner' ? null : cmd.receiverUnitId;
      if (receiver && !(await this.units.find(tx, receiver))) throw unitNotFound();
      const rule = { messageType: cmd.messageType, mode: cmd.mode, receiverUnitId: receiver };
      const now = this.clock.now();
      if (!(await this.rules.put(tx, rule, cmd.expectedVersion, actor.principal.subject, now))) {
        const current = await this.rules.find(tx, cmd.messageType);
        throw new ConflictError(
          'messaging.routing_rule_version_mismatch',
          'The rule changed since you read it.',
          {
            currentVersion: current.version,
          },
        );
      }
      await this.audit.record(tx, {
        clinicId: actor.clinicId,
        principal: actor.principal,
        action: 'routing_rule.write',
        resourceType: 'routing_rule',
        resourceId: cmd.messageType,
        outcome: 'allowed',
      });
      return this.rules.find(tx, cmd.messageType);
    });
  }
}

import { Injectable } from '@nestjs/common';
import type { Tx } from '@carebus/persistence';
import { PatientsRepository } from '../directory/patients.repository';
import { InboxesRepository } from '../inboxes/inboxes.repository';
import { OrgUnitsRepository } from '../org/org-units.repository';
import type { InboxReason, RoutingSnapshot } from '../threads/thread';
import type { MessageType } from './routing-rule';
import { RoutingRulesRepository } from './routing-rules.repository';

export interface Route {
  snapshot: RoutingSnapshot;
  inboxes: { inboxId: string; reason: InboxReason }[];
}

/**
 * Where a patient's new dialogue goes, by the clinic's rule for its type as it is now (the
 * thread keeps the result, so a later rule change moves nothing): the personal inbox of the GP
 * the patient is listed with, the selected receiver's shared inbox, or both. When the rule asks
 * for the practitioner and the patient has none known, the whole clinic receives it instead.
 */
@Injectable()
export class ThreadRouter {
  constructor(
    private readonly rules: RoutingRulesRepository,
    private readonly patients: PatientsRepository,
    private readonly units: OrgUnitsRepository,
    private readonly inboxes: InboxesRepository,
  ) {}

  async route(tx: Tx, type: MessageType, patientId: string, at: Date): Promise<Route> {
    const rule = await this.rules.find(tx, type);
    const inboxes: Route['inboxes'] = [];
    let practitionerId: string | null = null;
    let practitionerMissing = false;
    if (rule.mode !== 'receiver') {
      practitionerId = (await this.patients.find(tx, patientId))?.listedGpId ?? null;
      if (practitionerId) {
        inboxes.push({
          inboxId: (await this.inboxes.personal(tx, practitionerId, at)).id,
          reason: 'practitioner',
        });
      } else practitionerMissing = true;
    }
    let receiverUnitId: string | null = null;
    if (rule.mode !== 'practitioner' || practitionerMissing) {
      receiverUnitId =
        rule.mode !== 'practitioner' && rule.receiverUnitId
          ? rule.receiverUnitId
          : (await this.units.wholeClinic(tx, at)).id;
      inboxes.push({ inboxId: (await this.inboxes.shared(tx, receiverUnitId, at)).id, reason: 'receiver' });
    }
    const snapshot: RoutingSnapshot = { mode: rule.mode, receiverUnitId, practitionerId };
    if (practitionerMissing) snapshot.practitionerMissing = true;
    return { snapshot, inboxes };
  }
}

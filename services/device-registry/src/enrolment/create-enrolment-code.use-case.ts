import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditTrail } from '@carebus/audit';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { assertDeviceAdmin, deviceEntry, type DeviceActor } from '../devices/device-access';
import type { AgentKindName } from '../devices/device';
import { DEVICE_SETTINGS, type DeviceSettings } from '../devices/device-settings';
import { enrolmentCodeHash, newEnrolmentCode } from './enrolment-code';
import { EnrolmentCodesRepository } from './enrolment-codes.repository';

/** Longest an enrolment code may live. */
export const MAX_CODE_TTL_MS = 24 * 3600_000;

export interface CreatedCode {
  id: string;
  code: string;
  kind: AgentKindName;
  expiresAt: Date;
}

/** A clinic admin creates a single-use, short-lived code for one agent kind; only its hash is kept. */
@Injectable()
export class CreateEnrolmentCodeUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly codes: EnrolmentCodesRepository,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEVICE_SETTINGS) private readonly settings: DeviceSettings,
  ) {}

  async execute(actor: DeviceActor, kind: AgentKindName, ttlMs?: number): Promise<CreatedCode> {
    assertDeviceAdmin(actor);
    const now = this.clock.now();
    const id = randomUUID();
    const code = newEnrolmentCode();
    const expiresAt = new Date(now.getTime() + Math.min(ttlMs ?? this.settings.codeTtlMs, MAX_CODE_TTL_MS));
    await this.tenant.withTenant(actor.clinicId, async (tx) => {
      await this.codes.insert(
        tx,
        {
          id,
          clinicId: actor.clinicId,
          kind,
          createdBy: actor.principal.subject,
          createdAt: now,
          expiresAt,
          usedAt: null,
        },
        enrolmentCodeHash(code),
      );
      await this.audit.record(tx, deviceEntry(actor, 'enrolment_code.create', id, 'allowed'));
    });
    return { id, code, kind, expiresAt };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditTrail, type AuditEntry, type AuditOutcome } from '@carebus/audit';
import { Outbox } from '@carebus/outbox';
import { TenantScope, isUuid } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import {
  enrolmentCodeExpired,
  enrolmentCodeUnknown,
  enrolmentCodeUsed,
  enrolmentKindMismatch,
  invalidRequest,
} from '../device-registry.errors';
import type { AgentKindName, Device } from '../devices/device';
import { deviceEnrolledEvent, deviceRemovedEvent } from '../devices/device-events';
import { DEVICE_SETTINGS, type DeviceSettings } from '../devices/device-settings';
import { DevicesRepository } from '../devices/devices.repository';
import { parsePublicKey } from './device-public-key';
import { enrolmentCodeHash } from './enrolment-code';
import { EnrolmentCodesRepository } from './enrolment-codes.repository';

export interface EnrolCommand {
  enrolmentCode: string;
  kind: AgentKindName;
  publicKey: string;
  hostname: string;
  agentVersion: string;
  machineId: string;
  /** The clinic the installer names; empty: the code's. */
  clinicId: string;
}

function text(field: string, value: string, max: number, required: boolean): string {
  const trimmed = value.trim();
  if ((required && trimmed.length === 0) || trimmed.length > max || /\p{Cc}/u.test(trimmed)) {
    throw invalidRequest(field, `must be ${required ? '1' : '0'} to ${max} printable characters`);
  }
  return trimmed;
}

const agentEntry = (clinicId: string, deviceId: string | null, outcome: AuditOutcome): AuditEntry => ({
  clinicId,
  principal: { subject: deviceId ? `device:${deviceId}` : 'device:enrolling', roles: ['device'] },
  action: 'device.enrol',
  resourceType: 'device',
  resourceId: deviceId,
  outcome,
});

/**
 * An agent enrols with a code and its public key. The code is checked and marked used, the device
 * created (a workstation replacing the earlier one of its computer) and DeviceEnrolled queued, in
 * one transaction; a refusal of a known code is audited for the code's clinic.
 */
@Injectable()
export class EnrolDeviceUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly codes: EnrolmentCodesRepository,
    private readonly devices: DevicesRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEVICE_SETTINGS) private readonly settings: DeviceSettings,
  ) {}

  async execute(cmd: EnrolCommand): Promise<{ device: Device; replaced: string | null }> {
    const publicKey = parsePublicKey(cmd.publicKey);
    const hostname = text('hostname', cmd.hostname, 253, true);
    const agentVersion = text('agent_version', cmd.agentVersion, 64, true);
    const machineId = text('machine_id', cmd.machineId, 128, false) || hostname.toLowerCase();
    const wanted = cmd.clinicId.trim();
    if (wanted !== '' && !isUuid(wanted)) throw invalidRequest('clinic_id', 'must be a UUID');
    const code = cmd.enrolmentCode.trim();
    if (code.length === 0 || code.length > 64) throw enrolmentCodeUnknown();
    const hash = enrolmentCodeHash(code);

    const clinicId = await this.tenant.withoutTenant((tx) => this.codes.clinicOf(tx, hash));
    if (!clinicId || (wanted !== '' && wanted.toLowerCase() !== clinicId)) throw enrolmentCodeUnknown();
    try {
      return await this.tenant.withTenant(clinicId, async (tx) => {
        const found = await this.codes.findLocked(tx, hash);
        if (!found) throw enrolmentCodeUnknown();
        const now = this.clock.now();
        if (found.usedAt) throw enrolmentCodeUsed();
        if (found.expiresAt <= now) throw enrolmentCodeExpired();
        if (found.kind !== cmd.kind) throw enrolmentKindMismatch();

        let replaced: string | null = null;
        if (cmd.kind === 'workstation') {
          const earlier = await this.devices.workstationOn(tx, machineId);
          if (earlier) {
            const version = await this.devices.remove(tx, earlier.id, null, now);
            if (version !== null) {
              await this.outbox.add(
                tx,
                deviceRemovedEvent(this.settings.deviceTopic, earlier, 'replaced', null, now, version),
              );
              await this.devices.signalRemoved(tx, earlier.id);
              replaced = earlier.id;
            }
          }
        }
        const device: Device = {
          id: randomUUID(),
          clinicId,
          kind: cmd.kind,
          state: cmd.kind === 'clinic_device' ? 'needs_name' : 'active',
          name: null,
          hostname,
          machineId,
          agentVersion,
          publicKey,
          components: [],
          connectivity: 'offline',
          lastHeartbeatAt: null,
          offlineSince: now,
          offlineAlertedAt: null,
          codeCreatedBy: found.createdBy,
          enrolledAt: now,
          removedAt: null,
          removedBy: null,
          version: 1,
          updatedAt: now,
        };
        await this.devices.insert(tx, device);
        await this.codes.markUsed(tx, found.id, device.id, now);
        await this.outbox.add(tx, deviceEnrolledEvent(this.settings.deviceTopic, device, replaced));
        await this.audit.record(tx, agentEntry(clinicId, device.id, 'allowed'));
        return { device, replaced };
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('devices.enrolment_code')) {
        await this.audit.recordOutcome(agentEntry(clinicId, null, 'denied'));
      }
      throw error;
    }
  }
}

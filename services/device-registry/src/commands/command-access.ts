import type { AuditActor, AuditEntry } from '@carebus/audit';
import { hasRole } from '@carebus/auth';
import { commandForbidden, commandKindNotSupported } from '../device-registry.errors';
import type { DeviceActor } from '../devices/device-access';
import type { Device } from '../devices/device';
import type { CommandKindName, DeviceCommand } from './device-command';

/**
 * Payments go to a clinic device service, sent by staff or clinic admins. A patient lookup goes
 * to a workstation service, sent by a practitioner sitting at that very computer (the
 * `Carebus-Computer` proof names it).
 */
export function assertMaySend(
  actor: DeviceActor,
  device: Device,
  kind: CommandKindName,
  computer: string | null,
): void {
  if (kind === 'payment') {
    if (device.kind !== 'clinic_device') throw commandKindNotSupported();
    if (!hasRole(actor.principal, 'staff', 'clinic_admin')) throw commandForbidden();
    return;
  }
  if (device.kind !== 'workstation') throw commandKindNotSupported();
  if (!hasRole(actor.principal, 'practitioner') || computer !== device.id) throw commandForbidden();
}

/** Who may read a command: payments every staff member and admin; a lookup only who sent it. */
export function mayRead(actor: DeviceActor, command: DeviceCommand): boolean {
  if (command.kind === 'payment') return hasRole(actor.principal, 'staff', 'clinic_admin');
  return command.requestedBy === actor.principal.subject;
}

export type CommandAction = 'create' | 'read' | 'deliver' | 'result';

export function commandEntry(
  clinicId: string,
  principal: AuditActor,
  action: CommandAction,
  command: { id: string; patientId: string | null } | null,
  outcome: AuditEntry['outcome'],
): AuditEntry {
  return {
    clinicId,
    principal,
    action: `device_command.${action}`,
    resourceType: 'device_command',
    resourceId: command?.id ?? null,
    patientId: command?.patientId ?? null,
    outcome,
  };
}

export const deviceActor = (deviceId: string): AuditActor => ({
  subject: `device:${deviceId}`,
  roles: ['device'],
});

import { createHash } from 'node:crypto';
import { failed, type CommandKind, type CommandResult, type DeviceCommand } from '../device-command';
import type { Component } from './component';

/**
 * The simulated locally installed journal system of a workstation: finds a patient by Carebus
 * patient id and answers with the local record id and a short summary. Patient ids starting
 * with "00000000" are not in the journal.
 */
export class JournalLookup implements Component {
  readonly name = 'journal';

  handles(kind: CommandKind): boolean {
    return kind === 'patient_lookup';
  }

  run(command: DeviceCommand): Promise<CommandResult> {
    const patientId = command.payload.patientId;
    if (typeof patientId !== 'string' || patientId.length === 0) {
      return Promise.resolve(failed('journal.invalid_request', 'patientId is required'));
    }
    if (patientId.startsWith('00000000'))
      return Promise.resolve({ outcome: 'completed', result: { found: false } });
    const localRecordId = `J-${createHash('sha256').update(patientId).digest('hex').slice(0, 12)}`;
    return Promise.resolve({
      outcome: 'completed',
      result: { found: true, localRecordId, summary: `Local journal record ${localRecordId}` },
    });
  }
}

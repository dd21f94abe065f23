import { Injectable } from '@nestjs/common';
import { TenantScope } from '@carebus/persistence';
import { clinicFieldOwnedByScheduling } from '../notifications.errors';
import { SCHEDULING_OWNED, type ClinicSettings, type SettingsInput } from './clinic-settings';
import { ClinicSettingsRepository } from './clinic-settings.repository';

/**
 * Reads and replaces a clinic's notification settings. Once scheduling has sent the clinic
 * (scheduling.clinic.v1), its clinic name, time zone and clinical administrator e-mail follow
 * those events: a PUT may leave them out or repeat them, and one that changes them is refused
 * with 409 rather than silently undone by the next event. Before that, the PUT sets them too.
 */
@Injectable()
export class ClinicSettingsService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly settings: ClinicSettingsRepository,
  ) {}

  get(clinicId: string): Promise<ClinicSettings> {
    return this.tenant.withTenant(clinicId, (tx) => this.settings.get(tx));
  }

  /** Answers the settings as stored. */
  put(clinicId: string, input: SettingsInput): Promise<ClinicSettings> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      const current = await this.settings.get(tx);
      if (current.clinicVersion !== null) {
        const changed = SCHEDULING_OWNED.filter((f) => input[f] !== undefined && input[f] !== current[f]);
        if (changed.length > 0) throw clinicFieldOwnedByScheduling(changed);
      }
      await this.settings.put(tx, {
        ...input,
        clinicName: input.clinicName ?? current.clinicName,
        timeZone: input.timeZone ?? current.timeZone,
        clinicalAdminEmail:
          input.clinicalAdminEmail === undefined ? current.clinicalAdminEmail : input.clinicalAdminEmail,
      });
      return this.settings.get(tx);
    });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@carebus/platform';
import { TenantScope } from '@carebus/persistence';
import { invalidVariables, templateNotFound } from '../notifications.errors';
import { ClinicSettingsRepository } from '../settings/clinic-settings.repository';
import type { TemplateText } from './default-templates';
import type { Language, NotificationKind } from './notification-kind';
import { checkTemplate, renderTemplate, type RenderedMessage } from './template-renderer';
import { variablesOf } from './template-variables';
import { TemplatesRepository, type ClinicTemplate } from './templates.repository';

export interface PreviewRequest {
  kind: NotificationKind;
  language: Language;
  /** Unsaved text to try; the clinic's current template where absent. */
  subject?: string | undefined;
  body?: string | undefined;
  variables?: Record<string, unknown> | undefined;
}

const HOUR = 3600_000;

/** A clinic's templates: list, replace, back to the default, and a preview with sample variables. */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly templates: TemplatesRepository,
    private readonly settings: ClinicSettingsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  list(clinicId: string): Promise<ClinicTemplate[]> {
    return this.tenant.withTenant(clinicId, (tx) => this.templates.list(tx));
  }

  async put(clinicId: string, template: Omit<ClinicTemplate, 'custom'>): Promise<ClinicTemplate> {
    checkTemplate(template);
    await this.tenant.withTenant(clinicId, (tx) => this.templates.put(tx, template));
    return { ...template, custom: true };
  }

  async remove(clinicId: string, kind: NotificationKind, language: Language): Promise<void> {
    const removed = await this.tenant.withTenant(clinicId, (tx) => this.templates.remove(tx, kind, language));
    if (!removed) throw templateNotFound();
  }

  async preview(clinicId: string, request: PreviewRequest): Promise<RenderedMessage> {
    const variables = request.variables ?? {};
    if (Object.values(variables).some((v) => typeof v !== 'string')) throw invalidVariables();
    const { template, settings } = await this.tenant.withTenant(clinicId, async (tx) => ({
      template: await this.templates.get(tx, request.kind, request.language),
      settings: await this.settings.get(tx),
    }));
    const text: TemplateText = {
      subject: request.subject ?? template.subject,
      body: request.body ?? template.body,
    };
    checkTemplate(text);
    const now = this.clock.now();
    const sample = variablesOf(
      { startTime: new Date(now.getTime() + 72 * HOUR).toISOString(), appointmentTypeName: 'Konsultasjon' },
      settings,
      request.language,
      { patientName: 'Kari Nordmann', practitionerName: 'Dr. Hansen', videoLink: null },
      now,
    );
    return renderTemplate(text, { ...sample, ...(variables as Record<string, string>) });
  }
}

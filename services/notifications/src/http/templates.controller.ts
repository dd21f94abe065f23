import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { NotFoundError, ValidationError } from '@carebus/errors';
import { inTenantTransaction } from '@carebus/platform';
import { CLOCK, type Clock } from '../clock';
import { variablesOf } from '../delivery/message-composer';
import { ClinicSettingsRepository } from '../settings/clinic-settings.repository';
import { LANGUAGES, NOTIFICATION_KINDS } from '../templates/notification-kind';
import { checkTemplate, renderTemplate } from '../templates/template-renderer';
import { TemplatesRepository } from '../templates/templates.repository';
import {
  PreviewDto,
  PreviewRequestDto,
  TemplateBodyDto,
  TemplateDto,
  TemplatePathDto,
} from './templates.dto';
import { tenantOf } from './settings.controller';

/** Templates per clinic, kind and language (Handlebars), with a preview; clinic admins only. */
@ApiTags('templates')
@ApiBearerAuth()
@Roles('clinic_admin')
@Controller('v1/templates')
export class TemplatesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly templates: TemplatesRepository,
    private readonly settings: ClinicSettingsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every kind and language, the clinic text or the built-in default' })
  @ApiOkResponse({ type: TemplateDto, isArray: true })
  async list(@CurrentPrincipal() principal: Principal): Promise<{ items: TemplateDto[] }> {
    const clinicId = tenantOf(principal);
    const items = await inTenantTransaction(this.dataSource, clinicId, async (m) => {
      const all: TemplateDto[] = [];
      for (const kind of NOTIFICATION_KINDS) {
        for (const language of LANGUAGES) all.push(await this.templates.get(m, clinicId, kind, language));
      }
      return all;
    });
    return { items };
  }

  @Put(':kind/:language')
  @ApiOkResponse({ type: TemplateDto })
  async put(
    @Param() path: TemplatePathDto,
    @Body() body: TemplateBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TemplateDto> {
    const clinicId = tenantOf(principal);
    checkTemplate(body);
    const template = { kind: path.kind, language: path.language, subject: body.subject, body: body.body };
    await inTenantTransaction(this.dataSource, clinicId, (m) => this.templates.put(m, clinicId, template));
    return { ...template, custom: true };
  }

  @Delete(':kind/:language')
  @HttpCode(204)
  @ApiOperation({ summary: 'Back to the built-in default' })
  async remove(@Param() path: TemplatePathDto, @CurrentPrincipal() principal: Principal): Promise<void> {
    const clinicId = tenantOf(principal);
    const removed = await inTenantTransaction(this.dataSource, clinicId, (m) =>
      this.templates.remove(m, clinicId, path.kind, path.language),
    );
    if (!removed)
      throw new NotFoundError(
        'notifications.template_not_found',
        'The clinic has no own template for this kind and language.',
      );
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Render a template with sample variables (HTML escaped)' })
  @ApiOkResponse({ type: PreviewDto })
  async preview(
    @Body() body: PreviewRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PreviewDto> {
    const clinicId = tenantOf(principal);
    if (body.variables && Object.values(body.variables).some((v) => typeof v !== 'string')) {
      throw new ValidationError([{ field: 'variables', message: 'variables must map names to strings' }]);
    }
    const { template, settings } = await inTenantTransaction(this.dataSource, clinicId, async (m) => ({
      template: await this.templates.get(m, clinicId, body.kind, body.language),
      settings: await this.settings.get(m, clinicId),
    }));
    const text = { subject: body.subject ?? template.subject, body: body.body ?? template.body };
    checkTemplate(text);
    const now = this.clock.now();
    const sample = variablesOf(
      {
        startTime: new Date(now.getTime() + 72 * 3600_000).toISOString(),
        appointmentTypeName: 'Konsultasjon',
      },
      settings,
      body.language,
      { patientName: 'Kari Nordmann', practitionerName: 'Dr. Hansen', videoLink: null },
      now,
    );
    return renderTemplate(text, { ...sample, ...(body.variables ?? {}) });
  }
}

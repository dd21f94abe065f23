import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ForbiddenError, NotFoundError, ValidationError } from '@carebus/errors';
import { inTenantTransaction } from '@carebus/platform';
import { ClinicSettingsRepository, StaffDirectoryRepository } from '../settings/clinic-settings.repository';
import { EnablementRepository } from '../settings/enablement.repository';
import {
  ClinicSettingsDto,
  EnablementBodyDto,
  EnablementPathDto,
  EnablementRuleDto,
  StaffMemberBodyDto,
  StaffMemberDto,
  toHhMm,
  toMinutes,
} from './settings.dto';

export function tenantOf(principal: Principal): string {
  if (!principal.clinicId) throw new ForbiddenError();
  return principal.clinicId;
}

/** Clinic settings, channel enablement and the staff directory; clinic admins only. */
@ApiTags('notification settings')
@ApiBearerAuth()
@Roles('clinic_admin')
@Controller('v1')
export class SettingsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: ClinicSettingsRepository,
    private readonly enablement: EnablementRepository,
    private readonly staff: StaffDirectoryRepository,
  ) {}

  @Get('notification-settings')
  @ApiOkResponse({ type: ClinicSettingsDto })
  async getSettings(@CurrentPrincipal() principal: Principal): Promise<ClinicSettingsDto> {
    const s = await inTenantTransaction(this.dataSource, tenantOf(principal), (m) =>
      this.settings.get(m, tenantOf(principal)),
    );
    return {
      ...s,
      clinicId: undefined,
      quietHoursStart: toHhMm(s.quietHoursStart),
      quietHoursEnd: toHhMm(s.quietHoursEnd),
    } as ClinicSettingsDto;
  }

  @Put('notification-settings')
  @ApiOperation({ summary: 'Sender, time zone, language, clinical administrator, quiet hours' })
  @ApiOkResponse({ type: ClinicSettingsDto })
  async putSettings(
    @Body() body: ClinicSettingsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ClinicSettingsDto> {
    const clinicId = tenantOf(principal);
    await inTenantTransaction(this.dataSource, clinicId, (m) =>
      this.settings.put(m, {
        clinicId,
        clinicName: body.clinicName,
        senderEmail: body.senderEmail ?? null,
        senderName: body.senderName ?? null,
        timeZone: body.timeZone,
        defaultLanguage: body.defaultLanguage,
        clinicalAdminEmail: body.clinicalAdminEmail ?? null,
        quietHoursStart: toMinutes(body.quietHoursStart),
        quietHoursEnd: toMinutes(body.quietHoursEnd),
      }),
    );
    return this.getSettings(principal);
  }

  @Get('notification-enablement')
  @ApiOkResponse({ type: EnablementRuleDto, isArray: true })
  async listEnablement(@CurrentPrincipal() principal: Principal): Promise<{ items: EnablementRuleDto[] }> {
    const clinicId = tenantOf(principal);
    return {
      items: await inTenantTransaction(this.dataSource, clinicId, (m) => this.enablement.list(m, clinicId)),
    };
  }

  @Put('notification-enablement/:scope/:scopeId')
  @ApiOperation({
    summary: 'Channels for the clinic, a calendar or an appointment type (most specific wins)',
  })
  @ApiOkResponse({ type: EnablementRuleDto })
  async putEnablement(
    @Param() path: EnablementPathDto,
    @Body() body: EnablementBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EnablementRuleDto> {
    const clinicId = tenantOf(principal);
    if (path.scope === 'clinic' && path.scopeId !== clinicId)
      throw new NotFoundError('notifications.clinic_not_found', 'No such clinic.');
    const rule = { scope: path.scope, scopeId: path.scopeId, channels: body.channels };
    await inTenantTransaction(this.dataSource, clinicId, (m) => this.enablement.put(m, clinicId, rule));
    return rule;
  }

  @Delete('notification-enablement/:scope/:scopeId')
  @HttpCode(204)
  async deleteEnablement(
    @Param() path: EnablementPathDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const clinicId = tenantOf(principal);
    const removed = await inTenantTransaction(this.dataSource, clinicId, (m) =>
      this.enablement.remove(m, clinicId, path.scope, path.scopeId),
    );
    if (!removed) throw new NotFoundError('notifications.enablement_not_found', 'No such enablement rule.');
  }

  @Get('staff-directory')
  @ApiOkResponse({ type: StaffMemberDto, isArray: true })
  async listStaff(@CurrentPrincipal() principal: Principal): Promise<{ items: StaffMemberDto[] }> {
    const clinicId = tenantOf(principal);
    return {
      items: await inTenantTransaction(this.dataSource, clinicId, (m) => this.staff.list(m, clinicId)),
    };
  }

  @Put('staff-directory/:userId')
  @ApiOkResponse({ type: StaffMemberDto })
  async putStaff(
    @Param('userId') userId: string,
    @Body() body: StaffMemberBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StaffMemberDto> {
    const clinicId = tenantOf(principal);
    const member = { userId: checkedUserId(userId), email: body.email, name: body.name ?? null };
    await inTenantTransaction(this.dataSource, clinicId, (m) => this.staff.put(m, clinicId, member));
    return member;
  }

  @Delete('staff-directory/:userId')
  @HttpCode(204)
  async deleteStaff(
    @Param('userId') userId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const clinicId = tenantOf(principal);
    const removed = await inTenantTransaction(this.dataSource, clinicId, (m) =>
      this.staff.remove(m, clinicId, checkedUserId(userId)),
    );
    if (!removed) throw new NotFoundError('notifications.staff_not_found', 'No such staff member.');
  }
}

function checkedUserId(userId: string): string {
  if (!/^[\w.@:|-]{1,200}$/.test(userId)) {
    throw new ValidationError([
      { field: 'userId', message: 'userId must be 1-200 characters of [A-Za-z0-9_.@:|-]' },
    ]);
  }
  return userId;
}

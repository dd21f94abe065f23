import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClinicId, CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ClinicSettingsService } from './clinic-settings.service';
import { EnablementService } from './enablement.service';
import { EnablementBodyDto, EnablementPathDto, EnablementRuleDto } from './enablement.dto';
import { ClinicSettingsDto, settingsDto, settingsOf } from './settings.dto';
import { StaffDirectoryService } from './staff-directory.service';
import { StaffMemberBodyDto, StaffMemberDto, staffMemberOf, staffUserId } from './staff-directory.dto';

/** Clinic settings, channel enablement and the staff directory; clinic admins only. */
@ApiTags('notification settings')
@ApiBearerAuth()
@Roles('clinic_admin')
@Controller('v1')
export class SettingsController {
  constructor(
    private readonly settings: ClinicSettingsService,
    private readonly enablement: EnablementService,
    private readonly staff: StaffDirectoryService,
  ) {}

  @Get('notification-settings')
  @ApiOkResponse({ type: ClinicSettingsDto })
  async getSettings(@ClinicId() clinicId: string): Promise<ClinicSettingsDto> {
    return settingsDto(await this.settings.get(clinicId));
  }

  @Put('notification-settings')
  @ApiOperation({ summary: 'Sender, time zone, language, clinical administrator, quiet hours' })
  @ApiOkResponse({ type: ClinicSettingsDto })
  async putSettings(
    @Body() body: ClinicSettingsDto,
    @ClinicId() clinicId: string,
  ): Promise<ClinicSettingsDto> {
    return settingsDto(await this.settings.put(clinicId, settingsOf(body)));
  }

  @Get('notification-enablement')
  @ApiOkResponse({ type: EnablementRuleDto, isArray: true })
  async listEnablement(@ClinicId() clinicId: string): Promise<{ items: EnablementRuleDto[] }> {
    return { items: await this.enablement.list(clinicId) };
  }

  @Put('notification-enablement/:scope/:scopeId')
  @ApiOperation({
    summary: 'Channels for the clinic, a calendar or an appointment type (most specific wins)',
  })
  @ApiOkResponse({ type: EnablementRuleDto })
  putEnablement(
    @Param() path: EnablementPathDto,
    @Body() body: EnablementBodyDto,
    @ClinicId() clinicId: string,
  ): Promise<EnablementRuleDto> {
    return this.enablement.put(clinicId, {
      scope: path.scope,
      scopeId: path.scopeId,
      channels: body.channels,
    });
  }

  @Delete('notification-enablement/:scope/:scopeId')
  @HttpCode(204)
  deleteEnablement(@Param() path: EnablementPathDto, @ClinicId() clinicId: string): Promise<void> {
    return this.enablement.remove(clinicId, path.scope, path.scopeId);
  }

  @Get('staff-directory')
  @ApiOkResponse({ type: StaffMemberDto, isArray: true })
  async listStaff(@ClinicId() clinicId: string): Promise<{ items: StaffMemberDto[] }> {
    return { items: await this.staff.list(clinicId) };
  }

  @Get('staff-directory/:userId')
  @ApiOkResponse({ type: StaffMemberDto })
  getStaff(
    @Param('userId') userId: string,
    @ClinicId() clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StaffMemberDto> {
    return this.staff.get({ clinicId, principal }, staffUserId(userId));
  }

  @Put('staff-directory/:userId')
  @ApiOperation({
    summary: 'A staff member: e-mail and/or phone, and the channels opted in to for dialogue notices',
  })
  @ApiOkResponse({ type: StaffMemberDto })
  putStaff(
    @Param('userId') userId: string,
    @Body() body: StaffMemberBodyDto,
    @ClinicId() clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StaffMemberDto> {
    return this.staff.put({ clinicId, principal }, staffMemberOf(userId, body));
  }

  @Delete('staff-directory/:userId')
  @HttpCode(204)
  deleteStaff(
    @Param('userId') userId: string,
    @ClinicId() clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    return this.staff.remove({ clinicId, principal }, staffUserId(userId));
  }
}

import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClinicId, clinicOf, CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { HeartbeatRequest, PresenceDto } from './presence.dto';
import { PresenceService } from './presence.service';

/** Practitioners' presence for internal video calls (see PresenceService). */
@ApiTags('presence')
@Controller('v1/presence')
export class PresenceController {
  constructor(private readonly presence: PresenceService) {}

  @Put('me')
  @HttpCode(204)
  @Roles('practitioner')
  @ApiOperation({ summary: "Heartbeat of the calling practitioner's presence" })
  async heartbeat(@Body() body: HeartbeatRequest, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.presence.heartbeat(clinicOf(principal), principal.subject, body.status);
  }

  @Delete('me')
  @HttpCode(204)
  @Roles('practitioner')
  @ApiOperation({ summary: 'Sign off: shown offline at once' })
  async signOff(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.presence.signOff(clinicOf(principal), principal.subject);
  }

  @Get()
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({ summary: "The clinic's practitioners: online, in a call, or offline" })
  @ApiOkResponse({ type: [PresenceDto] })
  async list(@ClinicId() clinicId: string): Promise<PresenceDto[]> {
    const presence = await this.presence.list(clinicId);
    return presence.map((p) => ({ ...p, lastSeenAt: p.lastSeenAt?.toISOString() ?? null }));
  }
}

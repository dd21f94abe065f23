import { Body, Controller, Delete, Get, HttpCode, Inject, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { NotFoundError } from '@carebus/errors';
import { inTenantTransaction, isUuid } from '@carebus/platform';
import { CLOCK, type Clock } from '../shared/clock';
import { tenantOf } from '../shared/tenant';
import { PresenceRepository, type PresenceStatus } from './presence.repository';

/** A practitioner whose client stops sending heartbeats is shown offline after this long. */
export const PRESENCE_TTL_SECONDS = 60;

export class HeartbeatRequest {
  @ApiProperty({ enum: ['online', 'in_call'] })
  @IsIn(['online', 'in_call'])
  status!: 'online' | 'in_call';
}

export class PresenceDto {
  @ApiProperty({ format: 'uuid' }) practitionerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['online', 'in_call', 'offline'] }) status!: PresenceStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastSeenAt!: string | null;
}

/**
 * Presence for internal video calls between practitioners: clients send a heartbeat (every
 * ~20 s) with online or in_call; no heartbeat for 60 s means offline. A practitioner's token
 * subject is their practitioner id.
 */
@ApiTags('presence')
@Controller('v1/presence')
export class PresenceController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly presence: PresenceRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Put('me')
  @HttpCode(204)
  @Roles('practitioner')
  @ApiOperation({ summary: "Heartbeat of the calling practitioner's presence" })
  async heartbeat(@Body() body: HeartbeatRequest, @CurrentPrincipal() principal: Principal): Promise<void> {
    const clinicId = tenantOf(principal);
    const known =
      isUuid(principal.subject) &&
      (await inTenantTransaction(this.dataSource, clinicId, (m) =>
        this.presence.heartbeat(m, clinicId, principal.subject, body.status, this.clock.now()),
      ));
    if (!known) {
      throw new NotFoundError(
        'scheduling.practitioner_not_found',
        'The token subject is not a practitioner here.',
      );
    }
  }

  @Delete('me')
  @HttpCode(204)
  @Roles('practitioner')
  @ApiOperation({ summary: 'Sign off: shown offline at once' })
  async signOff(@CurrentPrincipal() principal: Principal): Promise<void> {
    const clinicId = tenantOf(principal);
    await inTenantTransaction(this.dataSource, clinicId, (m) =>
      this.presence.signOff(m, clinicId, principal.subject),
    );
  }

  @Get()
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({ summary: "The clinic's practitioners: online, in a call, or offline" })
  @ApiOkResponse({ type: [PresenceDto] })
  async list(@CurrentPrincipal() principal: Principal): Promise<PresenceDto[]> {
    const clinicId = tenantOf(principal);
    const rows = await inTenantTransaction(this.dataSource, clinicId, (m) => this.presence.list(m, clinicId));
    const fresh = this.clock.now().getTime() - PRESENCE_TTL_SECONDS * 1000;
    return rows.map((r) => ({
      practitionerId: r.practitionerId,
      name: r.name,
      status: r.status && r.lastHeartbeatAt && r.lastHeartbeatAt.getTime() >= fresh ? r.status : 'offline',
      lastSeenAt: r.lastHeartbeatAt?.toISOString() ?? null,
    }));
  }
}

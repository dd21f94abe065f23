import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID } from 'class-validator';
import { clinicOf, CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { TimeRange } from '../shared/time-range';
import { ListSlotsUseCase } from './list-slots.use-case';

export class SlotQueryDto {
  @ApiProperty({ example: '2026-03-02T00:00:00+01:00' }) @IsString() from!: string;
  @ApiProperty({ example: '2026-03-09T00:00:00+01:00', description: 'Exclusive; at most 62 days after from' })
  @IsString()
  to!: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() typeId?: string;
}

export class SlotDto {
  @ApiProperty({ format: 'date-time' }) start!: string;
  @ApiProperty({ format: 'date-time' }) end!: string;
  @ApiProperty({ format: 'uuid' }) appointmentTypeId!: string;
}

@ApiTags('slots')
@Controller('v1/calendars')
export class SlotsController {
  constructor(private readonly listSlots: ListSlotsUseCase) {}

  @Get(':id/slots')
  @Roles('clinic_admin', 'practitioner', 'staff', 'patient', 'guardian', 'partner')
  @ApiOperation({
    summary: 'Free slots of a calendar in [from, to), in the clinic time zone rules (DST-safe)',
  })
  @ApiOkResponse({ type: [SlotDto] })
  async list(
    @Param('id', ParseUuidPipe) calendarId: string,
    @Query() q: SlotQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SlotDto[]> {
    const slots = await this.listSlots.execute({
      principal,
      clinicId: clinicOf(principal),
      calendarId,
      window: TimeRange.fromIso(q.from, q.to),
      appointmentTypeId: q.typeId,
    });
    return slots.map((s) => ({
      start: s.start.toISOString(),
      end: s.end.toISOString(),
      appointmentTypeId: s.appointmentTypeId,
    }));
  }
}

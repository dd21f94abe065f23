import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ClinicId, Roles } from '@carebus/auth';
import { pageRequest } from '@carebus/persistence';
import { ParseUuidPipe } from '@carebus/platform';
import { TimeRange } from '../shared/time-range';
import {
  CreateUnavailableTimeDto,
  UnavailableTimeDto,
  UnavailableTimeListQueryDto,
  UnavailableTimePageDto,
} from './unavailable-time.dto';
import { listPeriod, type UnavailablePeriod } from './unavailable-time';
import { UnavailableTimesService } from './unavailable-times.service';

const EDITORS = ['clinic_admin', 'staff', 'practitioner'] as const;

const toDto = (p: UnavailablePeriod): UnavailableTimeDto => ({
  ...p,
  start: p.start.toISOString(),
  end: p.end.toISOString(),
  createdAt: p.createdAt.toISOString(),
});

@ApiTags('unavailable-times')
@Controller('v1')
export class UnavailableTimesController {
  constructor(private readonly unavailable: UnavailableTimesService) {}

  @Get('calendars/:calendarId/unavailable-times')
  @Roles(...EDITORS)
  @ApiOperation({ summary: "A calendar's breaks, absences and unavailable classes overlapping [from, to)" })
  @ApiOkResponse({ type: UnavailableTimePageDto })
  async list(
    @Param('calendarId', ParseUuidPipe) calendarId: string,
    @Query() query: UnavailableTimeListQueryDto,
    @ClinicId() clinicId: string,
  ): Promise<UnavailableTimePageDto> {
    const page = await this.unavailable.listForCalendar(
      clinicId,
      calendarId,
      listPeriod(query.from, query.to),
      pageRequest(query),
    );
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  @Post('calendars/:calendarId/unavailable-times')
  @Roles(...EDITORS)
  @ApiOperation({ summary: 'Mark [start, end) unavailable (a break, an absence, an unavailable class)' })
  @ApiCreatedResponse({ type: UnavailableTimeDto })
  async create(
    @Param('calendarId', ParseUuidPipe) calendarId: string,
    @Body() body: CreateUnavailableTimeDto,
    @ClinicId() clinicId: string,
  ): Promise<UnavailableTimeDto> {
    const during = TimeRange.fromIso(body.start, body.end);
    const created = await this.unavailable.create(clinicId, calendarId, {
      during,
      kind: body.kind,
      reason: body.reason ?? '',
    });
    return toDto(created);
  }

  @Get('unavailable-times/:id')
  @Roles(...EDITORS)
  @ApiOperation({ summary: 'Read one period of unavailable time' })
  @ApiOkResponse({ type: UnavailableTimeDto })
  async get(
    @Param('id', ParseUuidPipe) id: string,
    @ClinicId() clinicId: string,
  ): Promise<UnavailableTimeDto> {
    return toDto(await this.unavailable.get(clinicId, id));
  }

  @Delete('unavailable-times/:id')
  @HttpCode(204)
  @Roles(...EDITORS)
  @ApiOperation({ summary: 'Make the time bookable again' })
  @ApiNoContentResponse()
  async delete(@Param('id', ParseUuidPipe) id: string, @ClinicId() clinicId: string): Promise<void> {
    await this.unavailable.delete(clinicId, id);
  }
}

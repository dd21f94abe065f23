import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ValidationError } from '@carebus/errors';
import { ParseUuidPipe } from '@carebus/platform';
import { pageRequest } from '../persistence/keyset-page';
import { TimeRange } from '../shared/time-range';
import { tenantOf } from '../shared/tenant';
import {
  CreateUnavailableTimeDto,
  UnavailableTimeDto,
  UnavailableTimeListQueryDto,
  UnavailableTimePageDto,
} from './unavailable-time.dto';
import { UnavailableTimesRepository, type UnavailablePeriod } from './unavailable-times.repository';

const EDITORS = ['clinic_admin', 'staff', 'practitioner'] as const;

const toDto = (p: UnavailablePeriod): UnavailableTimeDto => ({
  ...p,
  start: p.start.toISOString(),
  end: p.end.toISOString(),
  createdAt: p.createdAt.toISOString(),
});

/** The list's period is `?from&to`; TimeRange names its fields start and end. */
function periodOf(query: UnavailableTimeListQueryDto): TimeRange {
  if (query.from === undefined || query.to === undefined) {
    const missing = (['from', 'to'] as const).filter((field) => query[field] === undefined);
    throw new ValidationError(missing.map((field) => ({ field, message: `${field} is required` })));
  }
  try {
    return TimeRange.fromIso(query.from, query.to);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const rename = (field: string) => (field === 'start' ? 'from' : field === 'end' ? 'to' : field);
    const errors = error.errors.map((e) => ({ field: rename(e.field), message: e.message }));
    throw new ValidationError(errors, error.code, error.message);
  }
}

@ApiTags('unavailable-times')
@Controller('v1')
export class UnavailableTimesController {
  constructor(private readonly unavailable: UnavailableTimesRepository) {}

  @Get('calendars/:calendarId/unavailable-times')
  @Roles(...EDITORS)
  @ApiOperation({ summary: "A calendar's breaks, absences and unavailable classes overlapping [from, to)" })
  @ApiOkResponse({ type: UnavailableTimePageDto })
  async list(
    @Param('calendarId', ParseUuidPipe) calendarId: string,
    @Query() query: UnavailableTimeListQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UnavailableTimePageDto> {
    const clinicId = tenantOf(principal);
    const page = await this.unavailable.listForCalendar(
      clinicId,
      calendarId,
      periodOf(query),
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
    @CurrentPrincipal() principal: Principal,
  ): Promise<UnavailableTimeDto> {
    const during = TimeRange.fromIso(body.start, body.end);
    const created = await this.unavailable.create(tenantOf(principal), calendarId, {
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
    @CurrentPrincipal() principal: Principal,
  ): Promise<UnavailableTimeDto> {
    return toDto(await this.unavailable.get(tenantOf(principal), id));
  }

  @Delete('unavailable-times/:id')
  @HttpCode(204)
  @Roles(...EDITORS)
  @ApiOperation({ summary: 'Make the time bookable again' })
  @ApiNoContentResponse()
  async delete(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.unavailable.delete(tenantOf(principal), id);
  }
}

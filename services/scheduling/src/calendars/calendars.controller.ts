import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ClinicId, clinicOf, CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { pageRequest } from '@carebus/persistence';
import { ParseUuidPipe } from '@carebus/platform';
import { definedChanges } from '../shared/patch-fields';
import { isClinicStaff } from '../appointments/appointment-access';
import {
  CalendarDto,
  CalendarListQueryDto,
  CalendarPageDto,
  CreateCalendarDto,
  UpdateCalendarDto,
} from './calendar.dto';
import { CalendarsService } from './calendars.service';

@ApiTags('calendars')
@Controller('v1/calendars')
export class CalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  @Get()
  @Roles('clinic_admin', 'practitioner', 'staff', 'patient', 'guardian', 'partner')
  @ApiOperation({
    summary: 'List calendars by name; patients, guardians and partners see online-bookable ones only',
  })
  @ApiOkResponse({ type: CalendarPageDto })
  async list(
    @Query() query: CalendarListQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CalendarPageDto> {
    const { practitionerId, locationId } = query;
    const onlineBookable = !isClinicStaff(principal) ? true : query.onlineBookable;
    const page = await this.calendars.list(clinicOf(principal), pageRequest(query), {
      practitionerId,
      locationId,
      onlineBookable,
    });
    return { items: page.items.map(CalendarDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Roles('clinic_admin', 'practitioner', 'staff', 'patient', 'guardian', 'partner')
  @ApiOperation({
    summary: 'Read a calendar; patient-facing callers get 404 for calendars not bookable online',
  })
  @ApiOkResponse({ type: CalendarDto })
  async get(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CalendarDto> {
    return CalendarDto.from(await this.calendars.get(clinicOf(principal), id, !isClinicStaff(principal)));
  }

  @Post()
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Create a calendar owned by a practitioner or a resource (exactly one)' })
  @ApiCreatedResponse({ type: CalendarDto })
  async create(@Body() body: CreateCalendarDto, @ClinicId() clinicId: string): Promise<CalendarDto> {
    const input = { ...definedChanges(body), name: body.name };
    return CalendarDto.from(await this.calendars.create(clinicId, input));
  }

  @Patch(':id')
  @Roles('clinic_admin')
  @ApiOperation({ summary: "Change a calendar's owner, placement or online-booking rules" })
  @ApiOkResponse({ type: CalendarDto })
  async update(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: UpdateCalendarDto,
    @ClinicId() clinicId: string,
  ): Promise<CalendarDto> {
    return CalendarDto.from(await this.calendars.update(clinicId, id, definedChanges(body)));
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Delete an unused calendar (409 scheduling.calendar_in_use otherwise)' })
  @ApiNoContentResponse()
  async delete(@Param('id', ParseUuidPipe) id: string, @ClinicId() clinicId: string): Promise<void> {
    await this.calendars.delete(clinicId, id);
  }
}

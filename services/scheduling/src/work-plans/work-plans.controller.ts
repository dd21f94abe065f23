import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ClinicId, Roles } from '@carebus/auth';
import { pageRequest } from '@carebus/persistence';
import { ParseUuidPipe } from '@carebus/platform';
import { definedChanges } from '../shared/patch-fields';
import { WORK_PLAN_OVERLAPS } from '../scheduling.errors';
import {
  CreateWorkPlanDto,
  UpdateWorkPlanDto,
  WorkPlanDto,
  WorkPlanListQueryDto,
  WorkPlanPageDto,
} from './work-plan.dto';
import { WorkPlansService } from './work-plans.service';

@ApiTags('work-plans')
@Controller('v1')
export class WorkPlansController {
  constructor(private readonly plans: WorkPlansService) {}

  @Get('calendars/:calendarId/work-plans')
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({
    summary: "List a calendar's work plans by start date, optionally those touching [from, to]",
  })
  @ApiOkResponse({ type: WorkPlanPageDto })
  async list(
    @Param('calendarId', ParseUuidPipe) calendarId: string,
    @Query() query: WorkPlanListQueryDto,
    @ClinicId() clinicId: string,
  ): Promise<WorkPlanPageDto> {
    const period = { from: query.from, to: query.to };
    const page = await this.plans.listForCalendar(clinicId, calendarId, period, pageRequest(query));
    return { items: page.items.map(WorkPlanDto.from), nextCursor: page.nextCursor };
  }

  @Post('calendars/:calendarId/work-plans')
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Apply a week template to the calendar over [validFrom, validTo]' })
  @ApiCreatedResponse({ type: WorkPlanDto })
  @ApiConflictResponse({
    description: `${WORK_PLAN_OVERLAPS}: the calendar has a plan on some of these dates`,
  })
  async create(
    @Param('calendarId', ParseUuidPipe) calendarId: string,
    @Body() body: CreateWorkPlanDto,
    @ClinicId() clinicId: string,
  ): Promise<WorkPlanDto> {
    return WorkPlanDto.from(await this.plans.create(clinicId, calendarId, body));
  }

  @Get('work-plans/:id')
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({ summary: 'Read a work plan' })
  @ApiOkResponse({ type: WorkPlanDto })
  async get(@Param('id', ParseUuidPipe) id: string, @ClinicId() clinicId: string): Promise<WorkPlanDto> {
    return WorkPlanDto.from(await this.plans.get(clinicId, id));
  }

  @Patch('work-plans/:id')
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Move the start or end date of a work plan' })
  @ApiOkResponse({ type: WorkPlanDto })
  @ApiConflictResponse({ description: WORK_PLAN_OVERLAPS })
  async update(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: UpdateWorkPlanDto,
    @ClinicId() clinicId: string,
  ): Promise<WorkPlanDto> {
    return WorkPlanDto.from(await this.plans.update(clinicId, id, definedChanges(body)));
  }

  @Delete('work-plans/:id')
  @HttpCode(204)
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Remove a work plan (booked appointments stay)' })
  @ApiNoContentResponse()
  async delete(@Param('id', ParseUuidPipe) id: string, @ClinicId() clinicId: string): Promise<void> {
    await this.plans.delete(clinicId, id);
  }
}

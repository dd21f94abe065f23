import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditedResource } from '@carebus/audit';
import { clinicOf, CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { DEFAULT_PAGE_SIZE } from '@carebus/persistence';
import { ParseUuidPipe } from '@carebus/platform';
import { BookAppointmentUseCase } from '../../bookings/book-appointment.use-case';
import { checkIdempotencyKey } from '../../bookings/idempotency-key';
import { parseInstant } from '../../shared/instant';
import { CancelAppointmentUseCase } from '../use-cases/cancel-appointment.use-case';
import { ChangeAppointmentTypeUseCase } from '../use-cases/change-appointment-type.use-case';
import { MarkNoShowUseCase } from '../use-cases/mark-no-show.use-case';
import { ReadAppointmentsUseCase } from '../use-cases/read-appointments.use-case';
import { RescheduleAppointmentUseCase } from '../use-cases/reschedule-appointment.use-case';
import { StartVideoUseCase } from '../use-cases/start-video.use-case';
import { AppointmentDto, AppointmentPageDto } from './appointment.dto';
import {
  BookAppointmentRequest,
  CancelRequest,
  ChangeTypeRequest,
  ListAppointmentsQueryDto,
  RescheduleRequest,
} from './appointment-requests.dto';

const STAFF = ['clinic_admin', 'practitioner', 'staff'] as const;
const ANYONE = [...STAFF, 'patient', 'guardian', 'partner'] as const;

@ApiTags('appointments')
@AuditedResource('appointment')
@Controller('v1/appointments')
export class AppointmentsController {
  constructor(
    private readonly book: BookAppointmentUseCase,
    private readonly read: ReadAppointmentsUseCase,
    private readonly rescheduleUseCase: RescheduleAppointmentUseCase,
    private readonly cancelUseCase: CancelAppointmentUseCase,
    private readonly changeTypeUseCase: ChangeAppointmentTypeUseCase,
    private readonly noShowUseCase: MarkNoShowUseCase,
    private readonly startVideoUseCase: StartVideoUseCase,
  ) {}

  @Post()
  @Roles(...ANYONE)
  @AuditedResource('appointment', { action: 'appointment.book' })
  @ApiOperation({ summary: 'Book an appointment (staff, patient online, or partner portal)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retries with the same key return the first booking',
  })
  @ApiCreatedResponse({ type: AppointmentDto })
  async create(
    @Body() body: BookAppointmentRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentDto> {
    checkIdempotencyKey('Idempotency-Key', idempotencyKey);
    const result = await this.book.execute({
      principal,
      clinicId: clinicOf(principal),
      calendarId: body.calendarId,
      appointmentTypeId: body.appointmentTypeId,
      patientId: body.patientId,
      start: parseInstant('start', body.start),
      contactSurface: body.contactSurface,
      note: body.note,
      idempotencyKey,
    });
    if (result.replayed) res.status(200).setHeader('Idempotent-Replayed', 'true');
    return AppointmentDto.from(result.appointment, principal);
  }

  @Get()
  @Roles(...ANYONE)
  @AuditedResource('appointment', { action: 'appointments.list' })
  @ApiOperation({ summary: 'List appointments by calendar, patient, status and start time (cursor pages)' })
  @ApiOkResponse({ type: AppointmentPageDto })
  async list(
    @Query() q: ListAppointmentsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AppointmentPageDto> {
    const page = await this.read.list({
      principal,
      clinicId: clinicOf(principal),
      calendarId: q.calendarId,
      patientId: q.patientId,
      statuses: q.status,
      from: q.from !== undefined ? parseInstant('from', q.from) : undefined,
      to: q.to !== undefined ? parseInstant('to', q.to) : undefined,
      limit: q.limit ?? DEFAULT_PAGE_SIZE,
      cursor: q.cursor,
    });
    return { items: page.items.map((a) => AppointmentDto.from(a, principal)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Roles(...ANYONE)
  @ApiOperation({ summary: 'Read one appointment' })
  @ApiOkResponse({ type: AppointmentDto })
  async get(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AppointmentDto> {
    return AppointmentDto.from(await this.read.get(principal, clinicOf(principal), id), principal);
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Move a booked appointment to another time and/or calendar' })
  @ApiOkResponse({ type: AppointmentDto })
  async reschedule(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: RescheduleRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AppointmentDto> {
    const a = await this.rescheduleUseCase.execute({
      principal,
      clinicId: clinicOf(principal),
      appointmentId: id,
      start: parseInstant('start', body.start),
      calendarId: body.calendarId,
    });
    return AppointmentDto.from(a, principal);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...ANYONE)
  @ApiOperation({
    summary: 'Cancel (by the clinic for staff; by the patient for patients, guardians, partners)',
  })
  @ApiOkResponse({ type: AppointmentDto })
  async cancel(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: CancelRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AppointmentDto> {
    const a = await this.cancelUseCase.execute({
      principal,
      clinicId: clinicOf(principal),
      appointmentId: id,
      reason: body.reason ?? '',
    });
    return AppointmentDto.from(a, principal);
  }

  @Post(':id/change-type')
  @HttpCode(200)
  @Roles(...STAFF)
  @ApiOperation({ summary: "Change an appointment's type and/or contact surface" })
  @ApiOkResponse({ type: AppointmentDto })
  async changeType(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: ChangeTypeRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AppointmentDto> {
    const a = await this.changeTypeUseCase.execute({
      principal,
      clinicId: clinicOf(principal),
      appointmentId: id,
      appointmentTypeId: body.appointmentTypeId,
      contactSurface: body.contactSurface,
    });
    return AppointmentDto.from(a, principal);
  }

  @Post(':id/no-show')
  @HttpCode(200)
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Mark that the patient did not come' })
  @ApiOkResponse({ type: AppointmentDto })
  async noShow(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AppointmentDto> {
    const a = await this.noShowUseCase.execute({
      principal,
      clinicId: clinicOf(principal),
      appointmentId: id,
    });
    return AppointmentDto.from(a, principal);
  }

  @Post(':id/video/start')
  @HttpCode(200)
  @Roles('patient', 'guardian', 'partner')
  @AuditedResource('appointment', { action: 'appointment.start_video' })
  @ApiOperation({ summary: 'The patient starts a video appointment (10 min before to 2 h after its start)' })
  @ApiOkResponse({ type: AppointmentDto })
  async startVideo(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AppointmentDto> {
    const a = await this.startVideoUseCase.execute({
      principal,
      clinicId: clinicOf(principal),
      appointmentId: id,
    });
    return AppointmentDto.from(a, principal);
  }
}

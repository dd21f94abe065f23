import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedResource } from '@carebus/audit';
import { clinicOf, CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { ChangeDayTypeUseCase } from '../use-cases/change-day-type.use-case';
import { CheckInPatientUseCase } from '../use-cases/check-in-patient.use-case';
import { AppointmentDto } from './appointment.dto';
import { ChangeDayTypeRequest } from './appointment-requests.dto';

@ApiTags('appointments')
@Controller('v1')
export class CalendarDayController {
  constructor(
    private readonly changeDay: ChangeDayTypeUseCase,
    private readonly checkIn: CheckInPatientUseCase,
  ) {}

  @Post('calendars/:id/days/:date/change-type')
  @AuditedResource('appointment', { id: null, action: 'appointment.change_type' })
  @HttpCode(200)
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({
    summary: "Change all of a calendar day's active appointments to another type, in one transaction",
  })
  @ApiOkResponse({ type: [AppointmentDto] })
  async changeDayType(
    @Param('id', ParseUuidPipe) calendarId: string,
    @Param('date') date: string,
    @Body() body: ChangeDayTypeRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AppointmentDto[]> {
    const changed = await this.changeDay.execute({
      principal,
      clinicId: clinicOf(principal),
      calendarId,
      date,
      toAppointmentTypeId: body.toAppointmentTypeId,
      fromAppointmentTypeId: body.fromAppointmentTypeId,
    });
    return changed.map((a) => AppointmentDto.from(a, principal));
  }

  @Post('patients/:id/check-in')
  @AuditedResource('patient')
  @HttpCode(200)
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({
    summary: "Check a patient in: their appointments within the clinic's check-in window become arrived",
  })
  @ApiOkResponse({ type: [AppointmentDto] })
  async checkInPatient(
    @Param('id', ParseUuidPipe) patientId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AppointmentDto[]> {
    const arrived = await this.checkIn.execute({ principal, clinicId: clinicOf(principal), patientId });
    return arrived.map((a) => AppointmentDto.from(a, principal));
  }
}

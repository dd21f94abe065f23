import { Controller, UseFilters, UseInterceptors } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { map, type Observable } from 'rxjs';
import { AuditedResource } from '@carebus/audit';
import { clinicOf, CurrentPrincipal, Roles, TokenExpiresAt, type Principal } from '@carebus/auth';
import { ValidationError } from '@carebus/errors';
import { BookAppointmentUseCase } from '../bookings/book-appointment.use-case';
import { checkIdempotencyKey } from '../bookings/idempotency-key';
import { CancelAppointmentUseCase } from '../appointments/use-cases/cancel-appointment.use-case';
import { ReadAppointmentsUseCase } from '../appointments/use-cases/read-appointments.use-case';
import { WatchAppointmentsUseCase } from '../appointments/use-cases/watch-appointments.use-case';
import { ListSlotsUseCase } from '../slots/list-slots.use-case';
import { TimeRange } from '../shared/time-range';
import { GrpcErrorFilter } from './grpc-error.filter';
import {
  fromTimestamp,
  surfaceFromGrpc,
  toGrpcAppointment,
  toTimestamp,
  type GrpcTimestamp,
} from './grpc-mapping';
import { optionalUuid, requireUuid } from './invalid-argument';
import { RejectUnreadableRequest } from './unreadable-request';

const ANYONE = ['clinic_admin', 'practitioner', 'staff', 'patient', 'guardian', 'partner'] as const;
const SERVICE = 'SchedulingService';

interface ListSlotsRequest {
  calendarId?: string;
  from?: GrpcTimestamp;
  to?: GrpcTimestamp;
  appointmentTypeId?: string;
}
interface BookAppointmentRequest {
  calendarId?: string;
  appointmentTypeId?: string;
  patientId?: string;
  startTime?: GrpcTimestamp;
  contactSurface?: string;
  idempotencyKey?: string;
}
interface CancelAppointmentRequest {
  appointmentId?: string;
  reason?: string;
}
interface WatchAppointmentsRequest {
  calendarId?: string;
}
interface GetAppointmentRequest {
  appointmentId?: string;
}

/**
 * The partner API over gRPC: decode, build the command, call the same use case REST calls, map
 * the result. Authentication and roles come from the global guard reading `authorization` metadata;
 * a request whose bytes did not decode is INVALID_ARGUMENT (`RejectUnreadableRequest`).
 */
@Controller()
@UseFilters(GrpcErrorFilter)
@UseInterceptors(RejectUnreadableRequest)
export class SchedulingGrpcController {
  constructor(
    private readonly slots: ListSlotsUseCase,
    private readonly book: BookAppointmentUseCase,
    private readonly cancel: CancelAppointmentUseCase,
    private readonly read: ReadAppointmentsUseCase,
    private readonly watch: WatchAppointmentsUseCase,
  ) {}

  @GrpcMethod(SERVICE, 'ListSlots')
  @Roles(...ANYONE)
  async listSlots(@Payload() req: ListSlotsRequest, @CurrentPrincipal() principal: Principal) {
    const slots = await this.slots.execute({
      principal,
      clinicId: clinicOf(principal),
      calendarId: requireUuid('calendar_id', req.calendarId),
      window: new TimeRange(fromTimestamp('from', req.from), fromTimestamp('to', req.to)),
      appointmentTypeId: optionalUuid('appointment_type_id', req.appointmentTypeId),
    });
    return {
      slots: slots.map((s) => ({
        startTime: toTimestamp(s.start),
        endTime: toTimestamp(s.end),
        appointmentTypeId: s.appointmentTypeId,
      })),
    };
  }

  @GrpcMethod(SERVICE, 'BookAppointment')
  @AuditedResource('appointment', { id: null, action: 'appointment.book' })
  @Roles(...ANYONE)
  async bookAppointment(@Payload() req: BookAppointmentRequest, @CurrentPrincipal() principal: Principal) {
    const key = checkIdempotencyKey('idempotency_key', req.idempotencyKey || undefined);
    const result = await this.book.execute({
      principal,
      clinicId: clinicOf(principal),
      calendarId: requireUuid('calendar_id', req.calendarId),
      appointmentTypeId: requireUuid('appointment_type_id', req.appointmentTypeId),
      patientId: requireUuid('patient_id', req.patientId),
      start: fromTimestamp('start_time', req.startTime),
      contactSurface: surfaceFromGrpc(req.contactSurface),
      idempotencyKey: key,
    });
    return { appointment: toGrpcAppointment(result.appointment), replayed: result.replayed };
  }

  @GrpcMethod(SERVICE, 'CancelAppointment')
  @AuditedResource('appointment', { id: 'appointmentId', action: 'appointment.cancel' })
  @Roles(...ANYONE)
  async cancelAppointment(
    @Payload() req: CancelAppointmentRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    const reason = req.reason ?? '';
    if (reason.length > 500)
      throw new ValidationError([{ field: 'reason', message: 'at most 500 characters' }]);
    const appointment = await this.cancel.execute({
      principal,
      clinicId: clinicOf(principal),
      appointmentId: requireUuid('appointment_id', req.appointmentId),
      reason,
    });
    return { appointment: toGrpcAppointment(appointment) };
  }

  /** A refused calendar (another clinic's, or none) is audited as a denied watch of that calendar. */
  @GrpcMethod(SERVICE, 'WatchAppointments')
  @AuditedResource('calendar', { id: 'calendarId', action: 'appointments.watch' })
  @Roles(...ANYONE)
  watchAppointments(
    @Payload() req: WatchAppointmentsRequest,
    @CurrentPrincipal() principal: Principal,
    @TokenExpiresAt() expiresAt: Date,
  ): Observable<Record<string, unknown>> {
    const changes = this.watch.watch({
      principal,
      clinicId: clinicOf(principal),
      calendarId: optionalUuid('calendar_id', req.calendarId),
      expiresAt,
    });
    return changes.pipe(
      map((c) => ({ appointment: toGrpcAppointment(c.appointment), changedAt: toTimestamp(c.changedAt) })),
    );
  }

  @GrpcMethod(SERVICE, 'GetAppointment')
  @AuditedResource('appointment', { id: 'appointmentId', action: 'appointment.read' })
  @Roles(...ANYONE)
  async getAppointment(@Payload() req: GetAppointmentRequest, @CurrentPrincipal() principal: Principal) {
    const id = requireUuid('appointment_id', req.appointmentId);
    return { appointment: toGrpcAppointment(await this.read.get(principal, clinicOf(principal), id)) };
  }
}

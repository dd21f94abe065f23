import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Principal } from '@carebus/auth';
import {
  APPOINTMENT_STATUSES,
  CONTACT_SURFACES,
  SOURCE_CHANNELS,
  type Appointment,
  type AppointmentStatus,
  type ContactSurface,
  type SourceChannel,
} from '../appointment';
import { isClinicStaff } from '../appointment-access';

export class AppointmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) calendarId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) practitionerId!: string | null;
  @ApiProperty({ format: 'uuid' }) appointmentTypeId!: string;
  @ApiProperty({ example: 'Consultation, 20 min' }) appointmentTypeName!: string;
  @ApiProperty({ description: 'Shown to the patient at booking' }) patientInformation!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'date-time' }) start!: string;
  @ApiProperty({ format: 'date-time', description: 'Exclusive' }) end!: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES }) status!: AppointmentStatus;
  @ApiProperty({ enum: CONTACT_SURFACES }) contactSurface!: ContactSurface;
  @ApiProperty({ description: 'Hidden from guardians and portals' }) hidden!: boolean;
  @ApiProperty({ enum: SOURCE_CHANNELS }) sourceChannel!: SourceChannel;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) videoStartedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) arrivedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) cancelledAt!: string | null;
  @ApiProperty({ enum: ['clinic', 'patient'], nullable: true, type: String }) cancelledBy!: string | null;
  @ApiPropertyOptional({ description: 'Clinic staff only', nullable: true, type: String }) cancelReason?:
    string | null;
  @ApiPropertyOptional({ description: 'Internal note; clinic staff only' }) note?: string;
  @ApiProperty({ description: 'Increases with every change' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(a: Appointment, principal: Principal): AppointmentDto {
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return {
      id: a.id,
      calendarId: a.calendarId,
      practitionerId: a.practitionerId,
      appointmentTypeId: a.appointmentTypeId,
      appointmentTypeName: a.appointmentTypeName,
      patientInformation: a.patientInformation,
      patientId: a.patientId,
      start: a.start.toISOString(),
      end: a.end.toISOString(),
      status: a.status,
      contactSurface: a.contactSurface,
      hidden: a.hidden,
      sourceChannel: a.sourceChannel,
      videoStartedAt: iso(a.videoStartedAt),
      arrivedAt: iso(a.arrivedAt),
      cancelledAt: iso(a.cancelledAt),
      cancelledBy: a.cancelledBy,
      ...(isClinicStaff(principal) ? { cancelReason: a.cancelReason, note: a.note } : {}),
      version: a.version,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    };
  }
}

export class AppointmentPageDto {
  @ApiProperty({ type: [AppointmentDto] }) items!: AppointmentDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page' })
  nextCursor!: string | null;
}

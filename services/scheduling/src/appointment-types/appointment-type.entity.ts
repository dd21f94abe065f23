import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const CONTACT_SURFACES = ['in_person', 'video', 'phone'] as const;
export type ContactSurface = (typeof CONTACT_SURFACES)[number];

/** What can be booked: duration, price, contact surface and who may see and book it. */
@Entity({ name: 'appointment_types' })
export class AppointmentType {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'clinic_id' })
  clinicId!: string;

  @Column('text')
  name!: string;

  @Column('integer', { name: 'duration_minutes' })
  durationMinutes!: number;

  @Column('text')
  colour!: string;

  @Column('integer', { name: 'price_minor' })
  priceMinor!: number;

  @Column('text')
  currency!: string;

  @Column('text', { name: 'contact_surface' })
  contactSurface!: ContactSurface;

  @Column('boolean', { name: 'patient_bookable' })
  patientBookable!: boolean;

  @Column('text', { name: 'patient_information' })
  patientInformation!: string;

  @Column('boolean', { name: 'notifications_enabled' })
  notificationsEnabled!: boolean;

  /** Never shown to guardians or partner portals (e.g. a teenager's appointment). */
  @Column('boolean')
  hidden!: boolean;

  @Column('integer', { name: 'daily_online_limit', nullable: true })
  dailyOnlineLimit!: number | null;

  @Column('boolean')
  archived!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

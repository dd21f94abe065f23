import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A named week of appointment-type blocks; work plans apply it to calendars. */
@Entity({ name: 'week_templates' })
export class WeekTemplate {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'clinic_id' })
  clinicId!: string;

  @Column('text')
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** One block of a template: a weekday and a local wall-clock span offering one appointment type. */
@Entity({ name: 'week_template_blocks' })
export class WeekTemplateBlock {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'clinic_id' })
  clinicId!: string;

  @Column('uuid', { name: 'week_template_id' })
  weekTemplateId!: string;

  /** ISO weekday, Monday = 1. */
  @Column('smallint')
  weekday!: number;

  /** PostgreSQL `time`, read back as 'HH:mm:ss'. */
  @Column('time', { name: 'start_time' })
  startTime!: string;

  @Column('time', { name: 'end_time' })
  endTime!: string;

  @Column('uuid', { name: 'appointment_type_id' })
  appointmentTypeId!: string;
}

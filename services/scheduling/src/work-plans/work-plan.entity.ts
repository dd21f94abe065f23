import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A week template applied to a calendar over [validFrom, validTo], both dates inclusive. */
@Entity({ name: 'work_plans' })
export class WorkPlan {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'clinic_id' })
  clinicId!: string;

  @Column('uuid', { name: 'calendar_id' })
  calendarId!: string;

  @Column('uuid', { name: 'week_template_id' })
  weekTemplateId!: string;

  /** 'YYYY-MM-DD', a local date of the clinic. */
  @Column('date', { name: 'valid_from' })
  validFrom!: string;

  /** 'YYYY-MM-DD', inclusive. */
  @Column('date', { name: 'valid_to' })
  validTo!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'clinics' })
export class Clinic {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { name: 'time_zone' })
  timeZone!: string;

  /** Check-in marks the patient's appointments starting within this many minutes as arrived. */
  @Column('integer', { name: 'check_in_window_minutes' })
  checkInWindowMinutes!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

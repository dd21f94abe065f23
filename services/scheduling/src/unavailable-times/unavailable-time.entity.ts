import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const UNAVAILABLE_KINDS = ['break', 'absence', 'unavailable_class'] as const;
export type UnavailableKind = (typeof UNAVAILABLE_KINDS)[number];

/**
 * Time a calendar cannot be booked. `during` is a tstzrange '[start,end)'; the repository reads and
 * writes it with SQL (lower/upper), so this entity only describes the table.
 */
@Entity({ name: 'unavailable_times' })
export class UnavailableTime {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'clinic_id' })
  clinicId!: string;

  @Column('uuid', { name: 'calendar_id' })
  calendarId!: string;

  @Column('tstzrange')
  during!: string;

  @Column('text')
  kind!: UnavailableKind;

  @Column('text')
  reason!: string;

  @Column('text')
  source!: 'clinic' | 'ehr_import';

  @Column('text', { name: 'external_ref', nullable: true })
  externalRef!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

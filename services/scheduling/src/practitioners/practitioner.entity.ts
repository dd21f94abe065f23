import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const PROFESSIONS = ['gp', 'dentist', 'nurse', 'other'] as const;
export type Profession = (typeof PROFESSIONS)[number];

/** A GP, dentist, nurse or other practitioner; deactivated rather than deleted (appointments refer to them). */
@Entity({ name: 'practitioners' })
export class Practitioner {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'clinic_id' })
  clinicId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  profession!: Profession;

  @Column('boolean')
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

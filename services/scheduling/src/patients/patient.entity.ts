import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { NationalIdKind } from './national-id';

/** Patient data: every read and write is audited, and none of it is ever logged. */
@Entity({ name: 'patients' })
export class Patient {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'clinic_id' })
  clinicId!: string;

  @Column('text')
  name!: string;

  /** 11 digits, validated by NationalId; unique within the clinic. */
  @Column('text', { name: 'national_id', nullable: true })
  nationalId!: string | null;

  @Column('text', { name: 'national_id_kind', nullable: true })
  nationalIdKind!: NationalIdKind | null;

  @Column('text', { nullable: true })
  phone!: string | null;

  @Column('text', { nullable: true })
  email!: string | null;

  /** A parent or guardian acts for the patient (hidden appointments are kept from them). */
  @Column('boolean', { name: 'has_guardian' })
  hasGuardian!: boolean;

  /** The GP the patient is listed with, for "listed patients only" calendars. */
  @Column('uuid', { name: 'listed_practitioner_id', nullable: true })
  listedPractitionerId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A site of the clinic; calendars may be placed at one. */
@Entity({ name: 'locations' })
export class Location {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'clinic_id' })
  clinicId!: string;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  address!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

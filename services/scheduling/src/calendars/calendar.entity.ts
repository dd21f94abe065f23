import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An appointment book, owned by one practitioner or by a resource (a room, a device). */
@Entity({ name: 'calendars' })
export class Calendar {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'clinic_id' })
  clinicId!: string;

  @Column('text')
  name!: string;

  @Column('uuid', { name: 'owner_practitioner_id', nullable: true })
  ownerPractitionerId!: string | null;

  @Column('text', { name: 'resource_name', nullable: true })
  resourceName!: string | null;

  @Column('uuid', { name: 'location_id', nullable: true })
  locationId!: string | null;

  @Column('boolean', { name: 'online_bookable' })
  onlineBookable!: boolean;

  @Column('integer', { name: 'min_notice_minutes' })
  minNoticeMinutes!: number;

  @Column('integer', { name: 'max_days_ahead' })
  maxDaysAhead!: number;

  @Column('boolean', { name: 'listed_patients_only' })
  listedPatientsOnly!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { NotFoundError, UnprocessableError } from '@carebus/errors';
import { inTenantTransaction } from '@carebus/platform';
import { type Page, type PageRequest } from '../persistence/keyset-page';
import { toPage } from '../shared/cursor';
import { AppointmentType } from './appointment-type.entity';

export const APPOINTMENT_TYPE_NOT_FOUND = 'scheduling.appointment_type_not_found';
export const APPOINTMENT_TYPE_ARCHIVED = 'scheduling.appointment_type_archived';

export type AppointmentTypeInput = Omit<AppointmentType, 'id' | 'clinicId' | 'createdAt'>;

/** Which types a caller may see; anything else answers like an unknown id. */
export interface TypeVisibility {
  /** Patient-facing callers: patient-bookable, non-archived types only. */
  bookableOnly: boolean;
  /** False for guardians and partner portals. */
  includeHidden: boolean;
  includeArchived: boolean;
}

export const CLINIC_VISIBILITY: TypeVisibility = {
  bookableOnly: false,
  includeHidden: true,
  includeArchived: true,
};

const notFound = () => new NotFoundError(APPOINTMENT_TYPE_NOT_FOUND, 'No such appointment type.');

@Injectable()
export class AppointmentTypesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(
    clinicId: string,
    page: PageRequest,
    visibility: TypeVisibility,
  ): Promise<Page<AppointmentType>> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const query = visible(manager, clinicId, visibility)
        .orderBy('t.name')
        .addOrderBy('t.id')
        .limit(page.limit + 1);
      if (page.after) query.andWhere('(t.name, t.id) > (:key, :id)', page.after);
      return toPage(await query.getMany(), page.limit, (t) => ({ key: t.name, id: t.id }));
    });
  }

  async get(clinicId: string, id: string, visibility: TypeVisibility): Promise<AppointmentType> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const type = await visible(manager, clinicId, visibility).andWhere('t.id = :id', { id }).getOne();
      if (!type) throw notFound();
      return type;
    });
  }

  async create(clinicId: string, input: Partial<AppointmentTypeInput>): Promise<AppointmentType> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const id = randomUUID();
      await manager.insert(AppointmentType, { ...input, id, clinicId });
      return this.require(manager, clinicId, id);
    });
  }

  /** Archiving is an update too: types are never deleted, appointments and templates refer to them. */
  async update(
    clinicId: string,
    id: string,
    changes: Partial<AppointmentTypeInput>,
  ): Promise<AppointmentType> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const type = await this.require(manager, clinicId, id);
      if (Object.keys(changes).length > 0) await manager.update(AppointmentType, { id, clinicId }, changes);
      return Object.assign(type, changes);
    });
  }

  /** For booking: the type, archived or not, or null when unknown or another clinic's. */
  async findById(manager: EntityManager, clinicId: string, id: string): Promise<AppointmentType | null> {
    return manager.findOne(AppointmentType, { where: { id, clinicId } });
  }

  /**
   * The types a write refers to (week template blocks), all of this clinic and not archived;
   * else 422 naming the missing ids. Row-level security hides other clinics' types.
   */
  async requireUsable(manager: EntityManager, clinicId: string, ids: string[]): Promise<AppointmentType[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const types = await manager.find(AppointmentType, { where: { clinicId, id: In(unique) } });
    const missing = unique.filter((id) => !types.some((t) => t.id === id));
    if (missing.length > 0) {
      throw new UnprocessableError(
        APPOINTMENT_TYPE_NOT_FOUND,
        'Some appointment types do not exist in this clinic.',
        {
          appointmentTypeIds: missing,
        },
      );
    }
    const archived = types.filter((t) => t.archived).map((t) => t.id);
    if (archived.length > 0) {
      throw new UnprocessableError(
        APPOINTMENT_TYPE_ARCHIVED,
        'Archived appointment types cannot be planned.',
        {
          appointmentTypeIds: archived,
        },
      );
    }
    return types;
  }

  private async require(manager: EntityManager, clinicId: string, id: string): Promise<AppointmentType> {
    const type = await this.findById(manager, clinicId, id);
    if (!type) throw notFound();
    return type;
  }
}

function visible(
  manager: EntityManager,
  clinicId: string,
  visibility: TypeVisibility,
): SelectQueryBuilder<AppointmentType> {
  const query = manager
    .createQueryBuilder(AppointmentType, 't')
    .where('t.clinic_id = :clinicId', { clinicId });
  if (visibility.bookableOnly) query.andWhere('t.patient_bookable AND NOT t.archived');
  if (!visibility.includeArchived) query.andWhere('NOT t.archived');
  if (!visibility.includeHidden) query.andWhere('NOT t.hidden');
  return query;
}

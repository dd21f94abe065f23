import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { NotFoundError, UnprocessableError } from '@carebus/errors';
import { inTenantTransaction } from '@carebus/platform';
import { type Page, type PageRequest } from '../persistence/keyset-page';
import { toPage } from '../shared/cursor';
import { Practitioner, type Profession } from './practitioner.entity';

export const PRACTITIONER_NOT_FOUND = 'scheduling.practitioner_not_found';

export interface PractitionerInput {
  name: string;
  profession: Profession;
  active: boolean;
}

@Injectable()
export class PractitionersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(clinicId: string, page: PageRequest, active?: boolean): Promise<Page<Practitioner>> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const query = manager
        .createQueryBuilder(Practitioner, 'p')
        .where('p.clinic_id = :clinicId', { clinicId })
        .orderBy('p.name')
        .addOrderBy('p.id')
        .limit(page.limit + 1);
      if (active !== undefined) query.andWhere('p.active = :active', { active });
      if (page.after) query.andWhere('(p.name, p.id) > (:key, :id)', page.after);
      return toPage(await query.getMany(), page.limit, (p) => ({ key: p.name, id: p.id }));
    });
  }

  async get(clinicId: string, id: string): Promise<Practitioner> {
    return inTenantTransaction(this.dataSource, clinicId, (manager) => this.require(manager, clinicId, id));
  }

  async create(clinicId: string, input: Omit<PractitionerInput, 'active'>): Promise<Practitioner> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const id = randomUUID();
      await manager.insert(Practitioner, { id, clinicId, name: input.name, profession: input.profession });
      return this.require(manager, clinicId, id);
    });
  }

  async update(clinicId: string, id: string, changes: Partial<PractitionerInput>): Promise<Practitioner> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const practitioner = await this.require(manager, clinicId, id);
      if (Object.keys(changes).length > 0) await manager.update(Practitioner, { id, clinicId }, changes);
      return Object.assign(practitioner, changes);
    });
  }

  /**
   * The practitioner a write refers to (a calendar's owner, a patient's listed GP), from this clinic
   * only: row-level security hides other clinics' rows, so theirs answer 422 like unknown ids.
   */
  async requireReferenced(manager: EntityManager, clinicId: string, id: string): Promise<Practitioner> {
    const practitioner = await manager.findOne(Practitioner, { where: { id, clinicId } });
    if (!practitioner) {
      throw new UnprocessableError(PRACTITIONER_NOT_FOUND, 'The practitioner does not exist in this clinic.');
    }
    return practitioner;
  }

  private async require(manager: EntityManager, clinicId: string, id: string): Promise<Practitioner> {
    const practitioner = await manager.findOne(Practitioner, { where: { id, clinicId } });
    if (!practitioner) throw new NotFoundError(PRACTITIONER_NOT_FOUND, 'No such practitioner.');
    return practitioner;
  }
}

import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '@carebus/errors';
import { inTenantTransaction } from '@carebus/platform';
import { AppointmentTypesRepository } from '../appointment-types/appointment-types.repository';
import { type Page, type PageRequest } from '../persistence/keyset-page';
import { pgErrorOf } from '../shared/database-errors';
import { toPage } from '../shared/cursor';
import { assertValidBlocks, type BlockSpan } from './week-template-blocks';
import { WeekTemplate, WeekTemplateBlock } from './week-template.entity';

export const WEEK_TEMPLATE_NOT_FOUND = 'scheduling.week_template_not_found';
export const WEEK_TEMPLATE_IN_USE = 'scheduling.week_template_in_use';

export interface WeekTemplateInput {
  name: string;
  blocks: (BlockSpan & { appointmentTypeId: string })[];
}

export interface WeekTemplateWithBlocks {
  template: WeekTemplate;
  blocks: WeekTemplateBlock[];
}

const notFound = () => new NotFoundError(WEEK_TEMPLATE_NOT_FOUND, 'No such week template.');

@Injectable()
export class WeekTemplatesRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly types: AppointmentTypesRepository,
  ) {}

  async list(clinicId: string, page: PageRequest): Promise<Page<WeekTemplateWithBlocks>> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const query = manager
        .createQueryBuilder(WeekTemplate, 'w')
        .where('w.clinic_id = :clinicId', { clinicId })
        .orderBy('w.name')
        .addOrderBy('w.id')
        .limit(page.limit + 1);
      if (page.after) query.andWhere('(w.name, w.id) > (:key, :id)', page.after);
      const templates = toPage(await query.getMany(), page.limit, (w) => ({ key: w.name, id: w.id }));
      const items = await this.withBlocks(manager, clinicId, templates.items);
      return { items, nextCursor: templates.nextCursor };
    });
  }

  async get(clinicId: string, id: string): Promise<WeekTemplateWithBlocks> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const [found] = await this.findWithBlocks(manager, clinicId, [id]);
      if (!found) throw notFound();
      return found;
    });
  }

  async create(clinicId: string, input: WeekTemplateInput): Promise<WeekTemplateWithBlocks> {
    assertValidBlocks(input.blocks);
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const id = randomUUID();
      await manager.insert(WeekTemplate, { id, clinicId, name: input.name });
      await this.insertBlocks(manager, clinicId, id, input.blocks);
      return (await this.findWithBlocks(manager, clinicId, [id]))[0];
    });
  }

  /** Name and blocks replaced as a whole; work plans using the template follow it. */
  async replace(clinicId: string, id: string, input: WeekTemplateInput): Promise<WeekTemplateWithBlocks> {
    assertValidBlocks(input.blocks);
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      // FOR UPDATE: two concurrent replaces must not interleave their block inserts.
      const template = await manager.findOne(WeekTemplate, {
        where: { id, clinicId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!template) throw notFound();
      await manager.update(WeekTemplate, { id, clinicId }, { name: input.name });
      await manager.delete(WeekTemplateBlock, { weekTemplateId: id, clinicId });
      await this.insertBlocks(manager, clinicId, id, input.blocks);
      return (await this.findWithBlocks(manager, clinicId, [id]))[0];
    });
  }

  /** Refused while a work plan applies the template. */
  async delete(clinicId: string, id: string): Promise<void> {
    try {
      await inTenantTransaction(this.dataSource, clinicId, async (manager) => {
        const result = await manager.delete(WeekTemplate, { id, clinicId });
        if (!result.affected) throw notFound();
      });
    } catch (error) {
      if (pgErrorOf(error)?.code === '23503') {
        // foreign_key_violation: rows elsewhere still refer to this one.
        throw new ConflictError(WEEK_TEMPLATE_IN_USE, 'Work plans apply this template; remove them first.');
      }
      throw error;
    }
  }

  /** For slots and work plans: templates with their blocks (by weekday, then start); unknown ids are left out. */
  async findWithBlocks(
    manager: EntityManager,
    clinicId: string,
    ids: string[],
  ): Promise<WeekTemplateWithBlocks[]> {
    if (ids.length === 0) return [];
    const templates = await manager.find(WeekTemplate, { where: { clinicId, id: In(ids) } });
    return this.withBlocks(manager, clinicId, templates);
  }

  private async withBlocks(
    manager: EntityManager,
    clinicId: string,
    templates: WeekTemplate[],
  ): Promise<WeekTemplateWithBlocks[]> {
    if (templates.length === 0) return [];
    const blocks = await manager.find(WeekTemplateBlock, {
      where: { clinicId, weekTemplateId: In(templates.map((t) => t.id)) },
      order: { weekday: 'ASC', startTime: 'ASC' },
    });
    return templates.map((template) => ({
      template,
      blocks: blocks.filter((b) => b.weekTemplateId === template.id),
    }));
  }

  private async insertBlocks(
    manager: EntityManager,
    clinicId: string,
    weekTemplateId: string,
    blocks: WeekTemplateInput['blocks'],
  ): Promise<void> {
    await this.types.requireUsable(
      manager,
      clinicId,
      blocks.map((b) => b.appointmentTypeId),
    );
    if (blocks.length === 0) return;
    await manager.insert(
      WeekTemplateBlock,
      blocks.map((b) => ({
        id: randomUUID(),
        clinicId,
        weekTemplateId,
        weekday: b.weekday,
        startTime: b.start,
        endTime: b.end,
        appointmentTypeId: b.appointmentTypeId,
      })),
    );
  }
}

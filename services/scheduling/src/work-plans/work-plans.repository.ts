import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '@carebus/errors';
import { inTenantTransaction } from '@carebus/platform';
import { CalendarsRepository } from '../calendars/calendars.repository';
import { type Page, type PageRequest } from '../persistence/keyset-page';
import { translateConstraint } from '../shared/database-errors';
import { toPage } from '../shared/cursor';
import {
  WEEK_TEMPLATE_NOT_FOUND,
  WeekTemplatesRepository,
} from '../week-templates/week-templates.repository';
import { WorkPlan } from './work-plan.entity';

export const WORK_PLAN_NOT_FOUND = 'scheduling.work_plan_not_found';
export const WORK_PLAN_OVERLAPS = 'scheduling.work_plan_overlaps';
export const INVALID_DATE_RANGE = 'scheduling.invalid_date_range';

export interface DatePeriod {
  /** 'YYYY-MM-DD', inclusive. */
  from?: string;
  /** 'YYYY-MM-DD', inclusive. */
  to?: string;
}

const notFound = () => new NotFoundError(WORK_PLAN_NOT_FOUND, 'No such work plan.');

@Injectable()
export class WorkPlansRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: CalendarsRepository,
    private readonly templates: WeekTemplatesRepository,
  ) {}

  async listForCalendar(
    clinicId: string,
    calendarId: string,
    period: DatePeriod,
    page: PageRequest,
  ): Promise<Page<WorkPlan>> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      await this.calendars.require(manager, clinicId, calendarId);
      const query = manager
        .createQueryBuilder(WorkPlan, 'w')
        .where('w.clinic_id = :clinicId AND w.calendar_id = :calendarId', { clinicId, calendarId })
        .orderBy('w.valid_from')
        .addOrderBy('w.id')
        .limit(page.limit + 1);
      if (period.from) query.andWhere('w.valid_to >= :from', { from: period.from });
      if (period.to) query.andWhere('w.valid_from <= :to', { to: period.to });
      if (page.after) query.andWhere('(w.valid_from, w.id) > (CAST(:key AS date), :id)', page.after);
      return toPage(await query.getMany(), page.limit, (w) => ({ key: w.validFrom, id: w.id }));
    });
  }

  async get(clinicId: string, id: string): Promise<WorkPlan> {
    return inTenantTransaction(this.dataSource, clinicId, (manager) => this.require(manager, clinicId, id));
  }

  /** 404 for an unknown calendar (it is in the path), 422 for an unknown template, 409 on overlap. */
  async create(
    clinicId: string,
    calendarId: string,
    input: { weekTemplateId: string; validFrom: string; validTo: string },
  ): Promise<WorkPlan> {
    assertDateOrder(input.validFrom, input.validTo);
    return translateOverlap(() =>
      inTenantTransaction(this.dataSource, clinicId, async (manager) => {
        await this.calendars.require(manager, clinicId, calendarId);
        const [template] = await this.templates.findWithBlocks(manager, clinicId, [input.weekTemplateId]);
        if (!template) {
          throw new UnprocessableError(
            WEEK_TEMPLATE_NOT_FOUND,
            'The week template does not exist in this clinic.',
          );
        }
        const id = randomUUID();
        await manager.insert(WorkPlan, { ...input, id, clinicId, calendarId });
        return this.require(manager, clinicId, id);
      }),
    );
  }

  async update(
    clinicId: string,
    id: string,
    changes: { validFrom?: string; validTo?: string },
  ): Promise<WorkPlan> {
    return translateOverlap(() =>
      inTenantTransaction(this.dataSource, clinicId, async (manager) => {
        const plan = await this.require(manager, clinicId, id);
        const next = Object.assign(plan, changes);
        assertDateOrder(next.validFrom, next.validTo);
        await manager.update(
          WorkPlan,
          { id, clinicId },
          { validFrom: next.validFrom, validTo: next.validTo },
        );
        return next;
      }),
    );
  }

  async delete(clinicId: string, id: string): Promise<void> {
    await inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const result = await manager.delete(WorkPlan, { id, clinicId });
      if (!result.affected) throw notFound();
    });
  }

  private async require(manager: EntityManager, clinicId: string, id: string): Promise<WorkPlan> {
    const plan = await manager.findOne(WorkPlan, { where: { id, clinicId } });
    if (!plan) throw notFound();
    return plan;
  }
}

function assertDateOrder(validFrom: string, validTo: string): void {
  if (validTo < validFrom) {
    throw new ValidationError(
      [{ field: 'validTo', message: 'validTo must be on or after validFrom' }],
      INVALID_DATE_RANGE,
      'The date range is not valid.',
    );
  }
}

/** The database's `work_plans_no_overlap` exclusion constraint is the guard; its violation is a 409. */
async function translateOverlap<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    return translateConstraint(error, {
      work_plans_no_overlap: () =>
        new ConflictError(WORK_PLAN_OVERLAPS, 'The calendar already has a work plan on some of these dates.'),
    });
  }
}

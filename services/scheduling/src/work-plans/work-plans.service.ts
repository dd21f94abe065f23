import { Injectable } from '@nestjs/common';
import { TenantScope, type Page, type PageRequest } from '@carebus/persistence';
import { CalendarsRepository } from '../calendars/calendars.repository';
import { referencedWeekTemplateMissing, workPlanNotFound } from '../scheduling.errors';
import { WeekTemplatesRepository } from '../week-templates/week-templates.repository';
import { assertDateOrder, type DatePeriod, type WorkPlan, type WorkPlanInput } from './work-plan';
import { WorkPlansRepository } from './work-plans.repository';

/** Week templates applied to calendars over date ranges; a calendar's plans never overlap (409). */
@Injectable()
export class WorkPlansService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly plans: WorkPlansRepository,
    private readonly calendars: CalendarsRepository,
    private readonly templates: WeekTemplatesRepository,
  ) {}

  listForCalendar(
    clinicId: string,
    calendarId: string,
    period: DatePeriod,
    page: PageRequest,
  ): Promise<Page<WorkPlan>> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      await this.calendars.require(tx, calendarId);
      return this.plans.listForCalendar(tx, calendarId, period, page);
    });
  }

  get(clinicId: string, id: string): Promise<WorkPlan> {
    return this.tenant.withTenant(clinicId, (tx) => this.plans.require(tx, id));
  }

  /** 404 for an unknown calendar (it is in the path), 422 for an unknown template, 409 on overlap. */
  create(clinicId: string, calendarId: string, input: WorkPlanInput): Promise<WorkPlan> {
    assertDateOrder(input.validFrom, input.validTo);
    return this.tenant.withTenant(clinicId, async (tx) => {
      await this.calendars.require(tx, calendarId);
      const [template] = await this.templates.findWithBlocks(tx, [input.weekTemplateId]);
      if (!template) throw referencedWeekTemplateMissing();
      return this.plans.insert(tx, calendarId, input);
    });
  }

  update(clinicId: string, id: string, changes: { validFrom?: string; validTo?: string }): Promise<WorkPlan> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      const plan = await this.plans.require(tx, id);
      const next = { ...plan, ...changes };
      assertDateOrder(next.validFrom, next.validTo);
      return this.plans.updateDates(tx, id, next.validFrom, next.validTo);
    });
  }

  delete(clinicId: string, id: string): Promise<void> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      if ((await this.plans.delete(tx, id)) === 0) throw workPlanNotFound();
    });
  }
}

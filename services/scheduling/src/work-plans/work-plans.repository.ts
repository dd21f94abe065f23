import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { empty, sql, toPage, type Page, type PageRequest, type Tx } from '@carebus/persistence';
import { workPlanNotFound } from '../scheduling.errors';
import type { DatePeriod, WorkPlan, WorkPlanInput } from './work-plan';

const WorkPlanRow = z
  .object({
    id: z.string(),
    calendar_id: z.string(),
    week_template_id: z.string(),
    valid_from: z.string(),
    valid_to: z.string(),
    created_at: z.date(),
  })
  .transform((r): WorkPlan => ({
    id: r.id,
    calendarId: r.calendar_id,
    weekTemplateId: r.week_template_id,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    createdAt: r.created_at,
  }));

// Dates as text: node-postgres would turn a `date` into a Date at local midnight.
const COLUMNS = sql`id, calendar_id, week_template_id, valid_from::text AS valid_from, valid_to::text AS valid_to,
  created_at`;

/** The work plans' overlap guard is the `work_plans_no_overlap` exclusion constraint (409). */
@Injectable()
export class WorkPlansRepository {
  async listForCalendar(
    tx: Tx,
    calendarId: string,
    period: DatePeriod,
    page: PageRequest,
  ): Promise<Page<WorkPlan>> {
    const rows = await tx.rows(
      sql`SELECT ${COLUMNS} FROM scheduling.work_plans
          WHERE clinic_id = ${tx.clinicId} AND calendar_id = ${calendarId}
          ${period.from ? sql`AND valid_to >= ${period.from}::date` : empty}
          ${period.to ? sql`AND valid_from <= ${period.to}::date` : empty}
          ${page.after ? sql`AND (valid_from, id) > (${page.after.key}::date, ${page.after.id}::uuid)` : empty}
          ORDER BY valid_from, id LIMIT ${page.limit + 1}`,
      WorkPlanRow,
    );
    return toPage(rows, page.limit, (w) => ({ key: w.validFrom, id: w.id }));
  }

  find(tx: Tx, id: string): Promise<WorkPlan | undefined> {
    return tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM scheduling.work_plans WHERE clinic_id = ${tx.clinicId} AND id = ${id}`,
      WorkPlanRow,
    );
  }

  async require(tx: Tx, id: string): Promise<WorkPlan> {
    const plan = await this.find(tx, id);
    if (!plan) throw workPlanNotFound();
    return plan;
  }

  insert(tx: Tx, calendarId: string, input: WorkPlanInput): Promise<WorkPlan> {
    return tx.one(
      sql`INSERT INTO scheduling.work_plans (id, clinic_id, calendar_id, week_template_id, valid_from, valid_to)
          VALUES (${randomUUID()}, ${tx.clinicId}, ${calendarId}, ${input.weekTemplateId}, ${input.validFrom},
                  ${input.validTo})
          RETURNING ${COLUMNS}`,
      WorkPlanRow,
    );
  }

  updateDates(tx: Tx, id: string, validFrom: string, validTo: string): Promise<WorkPlan> {
    return tx.one(
      sql`UPDATE scheduling.work_plans SET valid_from = ${validFrom}, valid_to = ${validTo}
          WHERE clinic_id = ${tx.clinicId} AND id = ${id} RETURNING ${COLUMNS}`,
      WorkPlanRow,
    );
  }

  delete(tx: Tx, id: string): Promise<number> {
    return tx.execute(sql`DELETE FROM scheduling.work_plans WHERE clinic_id = ${tx.clinicId} AND id = ${id}`);
  }
}

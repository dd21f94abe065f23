import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { empty, join, sql, toPage, type Page, type PageRequest, type Tx } from '@carebus/persistence';
import type {
  WeekTemplate,
  WeekTemplateBlock,
  WeekTemplateInput,
  WeekTemplateWithBlocks,
} from './week-template';

const TemplateRow = z
  .object({ id: z.string(), name: z.string(), created_at: z.date() })
  .transform((r): WeekTemplate => ({ id: r.id, name: r.name, createdAt: r.created_at }));

const BlockRow = z
  .object({
    week_template_id: z.string(),
    weekday: z.number(),
    start_time: z.string(),
    end_time: z.string(),
    appointment_type_id: z.string(),
  })
  .transform((r): WeekTemplateBlock => ({
    weekTemplateId: r.week_template_id,
    weekday: r.weekday,
    startTime: r.start_time,
    endTime: r.end_time,
    appointmentTypeId: r.appointment_type_id,
  }));

@Injectable()
export class WeekTemplatesRepository {
  async list(tx: Tx, page: PageRequest): Promise<Page<WeekTemplateWithBlocks>> {
    const after = page.after ? sql`AND (name, id) > (${page.after.key}, ${page.after.id}::uuid)` : empty;
    const rows = await tx.rows(
      sql`SELECT id, name, created_at FROM scheduling.week_templates WHERE clinic_id = ${tx.clinicId} ${after}
          ORDER BY name, id LIMIT ${page.limit + 1}`,
      TemplateRow,
    );
    const templates = toPage(rows, page.limit, (w) => ({ key: w.name, id: w.id }));
    return { items: await this.withBlocks(tx, templates.items), nextCursor: templates.nextCursor };
  }

  /** For slots and work plans: templates with their blocks (by weekday, then start); unknown ids are left out. */
  async findWithBlocks(tx: Tx, ids: string[]): Promise<WeekTemplateWithBlocks[]> {
    if (ids.length === 0) return [];
    const templates = await tx.rows(
      sql`SELECT id, name, created_at FROM scheduling.week_templates
          WHERE clinic_id = ${tx.clinicId} AND id = ANY(${ids}::uuid[])`,
      TemplateRow,
    );
    return this.withBlocks(tx, templates);
  }

  /** Locks the template row (FOR UPDATE): two concurrent replaces must not interleave their blocks. */
  async lock(tx: Tx, id: string): Promise<boolean> {
    const found = await tx.maybeOne(
      sql`SELECT id FROM scheduling.week_templates WHERE clinic_id = ${tx.clinicId} AND id = ${id} FOR UPDATE`,
      z.object({ id: z.string() }),
    );
    return found !== undefined;
  }

  async insert(tx: Tx, name: string): Promise<string> {
    const id = randomUUID();
    await tx.execute(
      sql`INSERT INTO scheduling.week_templates (id, clinic_id, name) VALUES (${id}, ${tx.clinicId}, ${name})`,
    );
    return id;
  }

  async rename(tx: Tx, id: string, name: string): Promise<void> {
    await tx.execute(
      sql`UPDATE scheduling.week_templates SET name = ${name} WHERE clinic_id = ${tx.clinicId} AND id = ${id}`,
    );
  }

  async replaceBlocks(tx: Tx, weekTemplateId: string, blocks: WeekTemplateInput['blocks']): Promise<void> {
    await tx.execute(
      sql`DELETE FROM scheduling.week_template_blocks
          WHERE clinic_id = ${tx.clinicId} AND week_template_id = ${weekTemplateId}`,
    );
    if (blocks.length === 0) return;
    const rows = blocks.map(
      (b) =>
        sql`(${randomUUID()}, ${tx.clinicId}, ${weekTemplateId}, ${b.weekday}, ${b.start}, ${b.end}, ${b.appointmentTypeId})`,
    );
    await tx.execute(
      sql`INSERT INTO scheduling.week_template_blocks
            (id, clinic_id, week_template_id, weekday, start_time, end_time, appointment_type_id)
          VALUES ${join(rows, ', ')}`,
    );
  }

  /** How many rows went (0 or 1); a work plan applying the template fails the foreign key. */
  delete(tx: Tx, id: string): Promise<number> {
    return tx.execute(
      sql`DELETE FROM scheduling.week_templates WHERE clinic_id = ${tx.clinicId} AND id = ${id}`,
    );
  }

  private async withBlocks(tx: Tx, templates: WeekTemplate[]): Promise<WeekTemplateWithBlocks[]> {
    if (templates.length === 0) return [];
    const blocks = await tx.rows(
      sql`SELECT week_template_id, weekday, start_time::text AS start_time, end_time::text AS end_time,
                 appointment_type_id
          FROM scheduling.week_template_blocks
          WHERE clinic_id = ${tx.clinicId} AND week_template_id = ANY(${templates.map((t) => t.id)}::uuid[])
          ORDER BY weekday, start_time`,
      BlockRow,
    );
    return templates.map((template) => ({
      template,
      blocks: blocks.filter((b) => b.weekTemplateId === template.id),
    }));
  }
}

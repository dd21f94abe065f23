import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { empty, sql, toPage, type Page, type PageRequest, type Tx } from '@carebus/persistence';
import { assignments } from '../persistence/assignments';
import { locationNotFound } from '../scheduling.errors';
import type { Location, LocationInput } from './location';

const LocationRow = z
  .object({ id: z.string(), name: z.string(), address: z.string().nullable(), created_at: z.date() })
  .transform((r): Location => ({ id: r.id, name: r.name, address: r.address, createdAt: r.created_at }));

const COLUMNS = sql`id, name, address, created_at`;

@Injectable()
export class LocationsRepository {
  async list(tx: Tx, page: PageRequest): Promise<Page<Location>> {
    const after = page.after ? sql`AND (name, id) > (${page.after.key}, ${page.after.id}::uuid)` : empty;
    const rows = await tx.rows(
      sql`SELECT ${COLUMNS} FROM scheduling.locations WHERE clinic_id = ${tx.clinicId} ${after}
          ORDER BY name, id LIMIT ${page.limit + 1}`,
      LocationRow,
    );
    return toPage(rows, page.limit, (l) => ({ key: l.name, id: l.id }));
  }

  find(tx: Tx, id: string): Promise<Location | undefined> {
    return tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM scheduling.locations WHERE clinic_id = ${tx.clinicId} AND id = ${id}`,
      LocationRow,
    );
  }

  async require(tx: Tx, id: string): Promise<Location> {
    const location = await this.find(tx, id);
    if (!location) throw locationNotFound();
    return location;
  }

  insert(tx: Tx, input: LocationInput): Promise<Location> {
    return tx.one(
      sql`INSERT INTO scheduling.locations (id, clinic_id, name, address)
          VALUES (${randomUUID()}, ${tx.clinicId}, ${input.name}, ${input.address ?? null})
          RETURNING ${COLUMNS}`,
      LocationRow,
    );
  }

  /** The changed location, or undefined when there is none with this id. */
  async update(tx: Tx, id: string, changes: Partial<LocationInput>): Promise<Location | undefined> {
    const set = assignments(changes, { name: 'name', address: 'address' });
    if (set === null) return this.find(tx, id);
    return tx.maybeOne(
      sql`UPDATE scheduling.locations SET ${set} WHERE clinic_id = ${tx.clinicId} AND id = ${id}
          RETURNING ${COLUMNS}`,
      LocationRow,
    );
  }

  /** How many rows went (0 or 1); calendars still placed there fail the foreign key. */
  delete(tx: Tx, id: string): Promise<number> {
    return tx.execute(sql`DELETE FROM scheduling.locations WHERE clinic_id = ${tx.clinicId} AND id = ${id}`);
  }
}

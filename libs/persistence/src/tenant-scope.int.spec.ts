import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { ConflictError } from '@carebus/errors';
import { createTestDatabase, type TestDatabase } from '@carebus/testing';
import { sql, together } from './sql';
import { TenantScope } from './tenant-scope';
import type { RowSchema } from './transaction';

interface Thing {
  id: string;
  clinic_id: string;
  label: string;
}
const ThingRow: RowSchema<Thing> = {
  parse(row) {
    const r = row as Record<string, unknown>;
    if (typeof r.id !== 'string' || typeof r.clinic_id !== 'string' || typeof r.label !== 'string') {
      throw new Error('not a thing row');
    }
    return { id: r.id, clinic_id: r.clinic_id, label: r.label };
  },
};
const Count: RowSchema<number> = { parse: (row) => (row as { n: number }).n };

describe('TenantScope over real PostgreSQL (app role, row-level security)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let scope: TenantScope;
  const clinicA = randomUUID();
  const clinicB = randomUUID();
  const labelTaken = () => new ConflictError('test.label_taken', 'The label is taken.');

  beforeAll(async () => {
    db = await createTestDatabase();
    const owner = new Client({ connectionString: db.url('carebus_scheduling') });
    await owner.connect();
    await owner.query(`
      CREATE TABLE scheduling.things (
        id uuid PRIMARY KEY, clinic_id uuid NOT NULL, label text NOT NULL,
        CONSTRAINT things_label_unique UNIQUE (clinic_id, label));
      CREATE TABLE scheduling.thing_notes (thing_id uuid NOT NULL, clinic_id uuid NOT NULL, note text NOT NULL);
      ALTER TABLE scheduling.things ENABLE ROW LEVEL SECURITY;
      CREATE POLICY tenant ON scheduling.things
        USING (clinic_id = NULLIF(current_setting('carebus.clinic_id', true), '')::uuid);
      GRANT SELECT, INSERT, UPDATE ON scheduling.things, scheduling.thing_notes TO carebus_scheduling_app`);
    await owner.end();
    dataSource = new DataSource({
      type: 'postgres',
      url: db.url('carebus_scheduling_app'),
      extra: { max: 1 },
    });
    await dataSource.initialize();
    scope = new TenantScope(dataSource, { things_label_unique: labelTaken });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const insert = (clinicId: string, label: string) =>
    sql`INSERT INTO scheduling.things (id, clinic_id, label) VALUES (${randomUUID()}, ${clinicId}, ${label})
        RETURNING id, clinic_id, label`;

  it('commits a clinic’s writes and shows each clinic only its own rows', async () => {
    const a = await scope.withTenant(clinicA, (tx) => tx.one(insert(tx.clinicId, 'a-1'), ThingRow));
    await scope.withTenant(clinicB, (tx) => tx.one(insert(tx.clinicId, 'b-1'), ThingRow));
    const seenByA = await scope.withTenant(clinicA, (tx) =>
      tx.rows(sql`SELECT id, clinic_id, label FROM scheduling.things`, ThingRow),
    );
    expect(seenByA).toEqual([a]);
  });

  it('refuses a write for another clinic (row-level security WITH CHECK)', async () => {
    const failure = await scope
      .withTenant(clinicA, (tx) => tx.execute(insert(clinicB, 'smuggled')))
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(QueryFailedError);
  });

  it('turns a named constraint violation into its domain error and rolls everything back', async () => {
    const failure = await scope
      .withTenant(clinicA, async (tx) => {
        await tx.execute(insert(tx.clinicId, 'a-2'));
        await tx.execute(insert(tx.clinicId, 'a-1'));
      })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConflictError);
    expect((failure as ConflictError).code).toBe('test.label_taken');
    const n = await scope.withTenant(clinicA, (tx) =>
      tx.one(sql`SELECT count(*)::int AS n FROM scheduling.things WHERE label = 'a-2'`, Count),
    );
    expect(n).toBe(0);
  });

  it('leaves the parameters out of an untranslated database error', async () => {
    const failure = await scope
      .withTenant(clinicA, (tx) => tx.execute(sql`SELECT ${'Kari Nordmann'}::int`))
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect(JSON.stringify(failure)).not.toContain('Kari Nordmann');
  });

  it('checks every row it reads', async () => {
    const failure = await scope
      .withTenant(clinicA, (tx) =>
        tx.rows(sql`SELECT id, clinic_id, 42 AS label FROM scheduling.things`, ThingRow),
      )
      .catch((e: unknown) => e);
    expect(failure).toEqual(new Error('not a thing row'));
  });

  it('runs a statement prepared once per connection and reuses it', async () => {
    const count = sql`SELECT count(*)::int AS n FROM scheduling.things WHERE label = ${'a-1'}`;
    const prepared = () =>
      sql`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE '%FROM scheduling.things WHERE label%'`;
    const [before, after] = await scope.withTenant(clinicA, async (tx) => {
      expect(await tx.one(count, Count, { prepared: true })).toBe(1);
      const first = await tx.one(prepared(), Count);
      expect(await tx.one(count, Count, { prepared: true })).toBe(1);
      return [first, await tx.one(prepared(), Count)];
    });
    expect(before).toBe(1);
    expect(after).toBe(1);
  });

  it('runs statements together in one round trip, all or nothing', async () => {
    const withNote = (id: string, label: string) =>
      together(
        sql`INSERT INTO scheduling.things (id, clinic_id, label) VALUES (${id}, ${clinicA}, ${label}) RETURNING id, clinic_id, label`,
        sql`INSERT INTO scheduling.thing_notes (thing_id, clinic_id, note) VALUES (${id}, ${clinicA}, ${'first'})`,
      );
    const id = randomUUID();
    const thing = await scope.withTenant(clinicA, (tx) => tx.one(withNote(id, 'a-3'), ThingRow));
    expect(thing).toEqual({ id, clinic_id: clinicA, label: 'a-3' });
    await expect(
      scope.withTenant(clinicA, (tx) => tx.one(withNote(randomUUID(), 'a-1'), ThingRow)),
    ).rejects.toThrow(ConflictError);
    // The refused statement's note is gone with it: one note, the first one's.
    const notes = await scope.withTenant(clinicA, (tx) =>
      tx.one(sql`SELECT count(*)::int AS n FROM scheduling.thing_notes`, Count),
    );
    expect(notes).toBe(1);
  });

  it('shows no tenant rows without a tenant, and switches clinic inside one transaction', async () => {
    const seen = await scope.withoutTenant(async (tx) => {
      const none = await tx.rows(sql`SELECT id, clinic_id, label FROM scheduling.things`, ThingRow);
      const asB = await tx.forTenant(clinicB);
      const mine = await asB.rows(sql`SELECT id, clinic_id, label FROM scheduling.things`, ThingRow);
      return { none, mine, clinicId: asB.clinicId };
    });
    expect(seen.none).toEqual([]);
    expect(seen.mine.map((t) => t.label)).toEqual(['b-1']);
    expect(seen.clinicId).toBe(clinicB);
  });

  it('refuses statements through a transaction that has ended', async () => {
    const kept = await scope.withTenant(clinicA, async (tx) => tx);
    await expect(kept.execute(insert(clinicA, 'late'))).rejects.toThrow('the transaction has ended');
  });

  it('refuses a clinic id that is not a UUID before touching the database', async () => {
    await expect(scope.withTenant("x'; --", async () => 1)).rejects.toThrow('must be a UUID');
    await expect(scope.withoutTenant((tx) => tx.forTenant('nope'))).rejects.toThrow('must be a UUID');
  });
});

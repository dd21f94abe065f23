import { Client } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@carebus/testing';
import { preparedQuery, preparedTogether, type SqlStatement } from './prepared-query';

describe('prepared statements over real PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    const owner = new Client({ connectionString: db.url('carebus_scheduling') });
    await owner.connect();
    await owner.query(`CREATE TABLE scheduling.things (id int PRIMARY KEY, label text NOT NULL);
      CREATE TABLE scheduling.notes (thing_id int NOT NULL, note text NOT NULL);
      GRANT SELECT, INSERT ON scheduling.things, scheduling.notes TO carebus_scheduling_app`);
    await owner.end();
    dataSource = new DataSource({
      type: 'postgres',
      url: db.url('carebus_scheduling_app'),
      extra: { max: 1 },
    });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const thing = (id: number, label: string): SqlStatement => ({
    name: 'test.thing_insert',
    text: 'INSERT INTO scheduling.things (id, label) VALUES ($1, $2) RETURNING id, label',
    values: [id, label],
  });
  const note = (thingId: number, text: string): SqlStatement => ({
    name: 'test.note_insert',
    text: 'INSERT INTO scheduling.notes (thing_id, note) VALUES ($1, $2)',
    values: [thingId, text],
  });

  it('runs statements together with their parameters renumbered, returning the first one’s rows', async () => {
    const rows = await dataSource.transaction((m) =>
      preparedTogether(m, [thing(1, 'one'), note(1, 'first'), note(1, 'second')]),
    );
    expect(rows).toEqual([{ id: 1, label: 'one' }]);
    const notes = await dataSource.query(
      `SELECT note FROM scheduling.notes WHERE thing_id = 1 ORDER BY note`,
    );
    expect(notes.map((n: { note: string }) => n.note)).toEqual(['first', 'second']);
  });

  it('reuses the prepared statement on the same connection with new values', async () => {
    await dataSource.transaction((m) => preparedTogether(m, [thing(2, 'two'), note(2, 'again')]));
    await dataSource.transaction((m) => preparedTogether(m, [thing(3, 'three'), note(3, 'again')]));
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM scheduling.notes WHERE note = 'again'`,
    );
    expect(n).toBe(2);
  });

  it('fails as a whole with the constraint named, leaving none of its parts', async () => {
    const failure = await dataSource
      .transaction((m) => preparedTogether(m, [thing(1, 'duplicate'), note(1, 'lost')]))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect(
      (failure as QueryFailedError & { driverError: { constraint: string } }).driverError.constraint,
    ).toBe('things_pkey');
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM scheduling.notes WHERE note = 'lost'`,
    );
    expect(n).toBe(0);
  });

  it('keeps names within Postgres’s 63 bytes, so long combined names do not collide', async () => {
    const long = (suffix: string): SqlStatement => ({
      ...thing(10 + suffix.length, suffix),
      name: `test.${'x'.repeat(70)}.${suffix}`,
    });
    await dataSource.transaction(async (m) => {
      await preparedQuery(m, long('a').name, long('a').text, long('a').values);
      // Same first 63 bytes, other text: would be "prepared statement already exists" if truncated.
      await preparedQuery(m, long('bb').name, 'SELECT $1::int AS id, $2::text AS label', long('bb').values);
    });
  });
});

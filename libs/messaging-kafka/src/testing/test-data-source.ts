import { DataSource } from 'typeorm';
import { createOutboxTables } from '@carebus/outbox';
import { createSequenceTables } from './sequence-effects';

/** A TypeORM data source on `url` without entities: runners and tests only issue SQL. */
export async function openDataSource(url: string, poolSize = 5): Promise<DataSource> {
  const dataSource = new DataSource({ type: 'postgres', url, poolSize, entities: [] });
  return dataSource.initialize();
}

/** A schema with the inbox/outbox tables and the sequence-effect tables of the delivery tests. */
export async function createConsumerSchema(dataSource: DataSource, schema: string): Promise<void> {
  const q = dataSource.createQueryRunner();
  try {
    await q.query(`CREATE SCHEMA ${schema}`);
    await createOutboxTables(q, schema);
    await createSequenceTables(q, schema);
  } finally {
    await q.release();
  }
}

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { infraFromEnv } from './infra-env';
import { repoRoot } from './repo-root';

export interface TestDatabase {
  name: string;
  /** URL of this database as `role` (superuser when omitted). */
  url(role?: string): string;
  drop(): Promise<void>;
}

function withDatabase(adminUrl: string, database: string, role?: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  if (role) {
    url.username = role;
    url.password = '';
  }
  return url.toString();
}

/**
 * A fresh database for one test file, set up like production: every service's schema, owner
 * role and app role (deploy/local/postgres/schemas.sql). Tests never share data.
 */
export async function createTestDatabase(prefix = 'carebus_t'): Promise<TestDatabase> {
  const { postgresAdminUrl } = infraFromEnv();
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const db = new Client({ connectionString: withDatabase(postgresAdminUrl, name) });
  await db.connect();
  try {
    await db.query(readFileSync(join(repoRoot(), 'deploy/local/postgres/schemas.sql'), 'utf8'));
  } finally {
    await db.end();
  }
  return {
    name,
    url: (role) => withDatabase(postgresAdminUrl, name, role),
    drop: async () => {
      const client = new Client({ connectionString: postgresAdminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

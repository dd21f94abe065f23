import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfigError } from '@carebus/config';
import { SERVICE_SCHEMA } from './tokens';

/** What PostgreSQL says about the role a service connects as. */
interface RoleFacts {
  role: string;
  superuser: boolean;
  bypass_rls: boolean;
  owns_schema: boolean;
  owned_tables: number;
}

/**
 * The role behind DATABASE_URL, checked before the service serves: it must be the app role,
 * which row-level security binds. A superuser or a BYPASSRLS role passes every policy; the
 * owner of the schema or of its tables (or a member of that owner: it may act as the owner)
 * can turn the policies off. Any of these stops the service with exit 78 (ConfigError).
 */
export async function databaseRoleProblems(
  db: { query(sql: string, params: unknown[]): Promise<unknown> },
  schema: string,
): Promise<string[]> {
  const [facts] = (await db.query(
    `SELECT r.rolname AS role, r.rolsuper AS superuser, r.rolbypassrls AS bypass_rls,
            EXISTS (SELECT 1 FROM pg_namespace n
                     WHERE n.nspname = $1 AND pg_has_role(current_user, n.nspowner, 'MEMBER')) AS owns_schema,
            (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                AND pg_has_role(current_user, c.relowner, 'MEMBER'))::int AS owned_tables
       FROM pg_roles r WHERE r.rolname = current_user`,
    [schema],
  )) as RoleFacts[];
  if (!facts) return [`DATABASE_URL: the database role could not be read`];
  const why: string[] = [];
  if (facts.superuser) why.push('is a superuser');
  if (facts.bypass_rls) why.push('has BYPASSRLS');
  // A superuser counts as a member of every role; saying so once is enough.
  if (facts.owns_schema && !facts.superuser) why.push(`owns the schema ${schema}`);
  if (facts.owned_tables > 0 && !facts.superuser) why.push(`owns ${facts.owned_tables} of its tables`);
  if (why.length === 0) return [];
  return [
    `DATABASE_URL: the role ${facts.role} ${why.join(', ')} (directly or as a member of the owner); ` +
      `row-level security would not bind it. Connect as the service's app role ` +
      `(carebus_${schema}_app), keep the owner for DATABASE_MIGRATION_URL (docs/operations.md)`,
  ];
}

/** Runs `databaseRoleProblems` at start; a ConfigError stops the process with exit 78. */
@Injectable()
export class DatabaseRoleCheck implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async onModuleInit(): Promise<void> {
    const problems = await databaseRoleProblems(this.dataSource, this.schema);
    if (problems.length > 0) throw new ConfigError(problems);
  }
}

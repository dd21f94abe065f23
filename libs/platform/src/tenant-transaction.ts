import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` in a transaction whose row-level-security tenant is `clinicId`: the policies on
 * every table compare clinic_id with `carebus.clinic_id`, a second guard behind the scoped queries.
 */
export async function inTenantTransaction<T>(
  dataSource: DataSource,
  clinicId: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT set_config('carebus.clinic_id', $1, true)`, [clinicId]);
    return work(manager);
  });
}

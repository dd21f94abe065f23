import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

/**
 * The raw PostgreSQL ceiling for heartbeats: the same row a heartbeat writes (version,
 * components as jsonb, online, last heartbeat, version counter) upserted by raw `pg` into a
 * scratch table with the same number of devices, `inFlight` at a time over `poolSize` connections.
 */
export async function rawHeartbeatUpsertRate(
  url: string,
  devices: number,
  seconds: number,
  inFlight: number,
  poolSize: number,
): Promise<number> {
  const pool = new Pool({ connectionString: url, max: poolSize });
  try {
    await pool.query(`CREATE TABLE IF NOT EXISTS public.bench_device_heartbeats (
      id uuid PRIMARY KEY, clinic_id uuid NOT NULL, agent_version text NOT NULL, components jsonb NOT NULL,
      connectivity text NOT NULL, last_heartbeat_at timestamptz, version bigint NOT NULL)`);
    const ids = Array.from({ length: devices }, () => randomUUID());
    const clinic = randomUUID();
    const components = JSON.stringify([
      { name: 'payment-terminal', state: 'ready', reason: '' },
      { name: 'receipt-printer', state: 'ready', reason: '' },
    ]);
    const upsert = (id: string) =>
      pool.query(
        `INSERT INTO public.bench_device_heartbeats AS d (id, clinic_id, agent_version, components, connectivity, last_heartbeat_at, version)
         VALUES ($1, $2, '0.1.0', $3, 'online', now(), 1)
         ON CONFLICT (id) DO UPDATE SET agent_version = excluded.agent_version, components = excluded.components,
           connectivity = 'online', last_heartbeat_at = now(), version = d.version + 1`,
        [id, clinic, components],
      );
    for (let i = 0; i < ids.length; i += 100) await Promise.all(ids.slice(i, i + 100).map(upsert));
    let done = 0;
    const until = Date.now() + seconds * 1000;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: inFlight }, async (_, worker) => {
        for (let i = worker; Date.now() < until; i += inFlight) {
          await upsert(ids[i % ids.length]!);
          done += 1;
        }
      }),
    );
    const rate = done / ((Date.now() - started) / 1000);
    await pool.query('DROP TABLE public.bench_device_heartbeats');
    return rate;
  } finally {
    await pool.end();
  }
}

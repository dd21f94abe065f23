import { startEhrSimulator } from './ehr-simulator';

/**
 * `node --expose-gc tools/ehr-simulator/dist/measure-start.js [appointments]`: start time and RSS of a
 * simulator of that size, then the time and RSS to page through every appointment over the
 * vendor API (the figures in docs/ehr-simulator.md).
 */
async function main(): Promise<void> {
  const appointments = Number(process.argv[2] ?? 100_000);
  const mib = () => {
    (globalThis as { gc?: () => void }).gc?.(); // with --expose-gc: what is kept, not what awaits collection
    const { rss, heapUsed } = process.memoryUsage();
    return `${(rss / 1048576).toFixed(1)} MiB (heap ${(heapUsed / 1048576).toFixed(1)} MiB)`;
  };
  const before = mib();
  const started = performance.now();
  const sim = await startEhrSimulator({ seed: 'measure', practitioners: 20, patients: 5000, appointments });
  const startMs = performance.now() - started;
  const afterStart = mib();
  const opened = await fetch(`${sim.vendorUrl}/sessions`, {
    method: 'POST',
    body: JSON.stringify(sim.credentials.vendor),
  });
  const { sessionToken } = (await opened.json()) as { sessionToken: string };
  const pagingStarted = performance.now();
  let cursor: string | null = null;
  let seen = 0;
  do {
    const query: string = cursor ? `&cursor=${cursor}` : '';
    const response = await fetch(`${sim.vendorUrl}/appointments?pageSize=500${query}`, {
      headers: { 'x-session-token': sessionToken },
    });
    const page = (await response.json()) as { items: unknown[]; nextCursor: string | null };
    seen += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  const pagingMs = performance.now() - pagingStarted;
  process.stdout.write(
    `${appointments} appointments: RSS before ${before}; start ${startMs.toFixed(1)} ms, RSS ${afterStart}; ` +
      `paged ${seen} in ${pagingMs.toFixed(0)} ms, RSS ${mib()}\n`,
  );
  await sim.close();
}

void main();

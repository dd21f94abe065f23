import { median } from './statistics';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTable } from './machine';

// npm run bench -- audit-sealing [rounds] [bookings]
// The booking benchmark (one replica, bursts only) with the audit trail's chain sealing on and
// off, alternating within each round so both see the same machine; prints each run and the
// medians. Target: sealing on within 10 % of off.
const ROUNDS = Number(process.argv[2] ?? 5);
const BOOKINGS = Number(process.argv[3] ?? 5_000);

interface Run {
  sealing: boolean;
  rate: number;
  p99: number;
  serviceCpu: number;
  postgresCpu: number;
  unsealedMax: number;
  errors: number;
}

function runOnce(sealing: boolean, round: number): Run {
  const out = join(tmpdir(), `carebus-audit-sealing-${process.pid}-${round}-${sealing}.json`);
  const env = {
    ...process.env,
    BENCH_REPLICAS: '1',
    BENCH_JSON_OUT: out,
    BENCH_SERVICE_ENV: JSON.stringify({ AUDIT_SEALING_ENABLED: String(sealing) }),
  };
  const script = join(__dirname, 'scheduling-booking.js');
  const child = spawnSync(process.execPath, [script, String(BOOKINGS), '1', '50'], { env, stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`scheduling-booking exited ${child.status}`);
  const figures = JSON.parse(readFileSync(out, 'utf8')) as {
    bursts: {
      rate: number;
      p99: number;
      ok: number;
      non2xx: number;
      errors: number;
      cpu: { service: number; postgres: number };
    }[];
    unsealedAges: number[];
  };
  rmSync(out, { force: true });
  const b = figures.bursts[0]!;
  if (b.ok !== BOOKINGS) throw new Error(`only ${b.ok} of ${BOOKINGS} bookings succeeded`);
  return {
    sealing,
    rate: b.rate,
    p99: b.p99,
    serviceCpu: b.cpu.service,
    postgresCpu: b.cpu.postgres,
    unsealedMax: Math.max(0, ...figures.unsealedAges),
    errors: b.non2xx + b.errors,
  };
}

function main(): void {
  const runs: Run[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate which goes first, so neither always meets a warmer machine.
    const order = round % 2 ? [true, false] : [false, true];
    for (const sealing of order) runs.push(runOnce(sealing, round));
  }
  const rows = runs.map((r, i) => ({
    run: `round ${Math.floor(i / 2) + 1}, sealing ${r.sealing ? 'on' : 'off'}`,
    'per s': Math.round(r.rate),
    p99: `${r.p99} ms`,
    notes:
      `CPU ms/booking: service ${r.serviceCpu.toFixed(2)}, postgres ${r.postgresCpu.toFixed(2)}; ` +
      `unsealed max ${r.unsealedMax.toFixed(2)} s; errors ${r.errors}`,
  }));
  const on = runs.filter((r) => r.sealing);
  const off = runs.filter((r) => !r.sealing);
  const ratio = median(on.map((r) => r.rate)) / median(off.map((r) => r.rate));
  printTable('audit-sealing', [
    ...rows,
    {
      run: `median of ${ROUNDS}: on / off`,
      'per s': `${Math.round(median(on.map((r) => r.rate)))} / ${Math.round(median(off.map((r) => r.rate)))}`,
      p99: '-',
      notes: `ratio ${ratio.toFixed(3)} (target ≥ 0.90); unsealed window max ${Math.max(...on.map((r) => r.unsealedMax)).toFixed(2)} s`,
    },
  ]);
}

main();

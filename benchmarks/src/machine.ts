import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** One line naming what the figures were measured on; printed above every result table. */
export function machineLine(extra: Record<string, string | number> = {}): string {
  const cpu = cpus();
  const parts = {
    cores: cpu.length,
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    ...extra,
  };
  return Object.entries(parts)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

export function rssMiB(pid?: number): number {
  if (pid === undefined) return Math.round(process.memoryUsage().rss / 2 ** 20);
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

export function printTable(title: string, rows: Record<string, string | number>[]): void {
  const keys = Object.keys(rows[0] ?? {});
  const width = (k: string) => Math.max(k.length, ...rows.map((r) => String(r[k]).length));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width(keys[i]!))).join('  ');
  process.stdout.write(`\n${title}\n${line(keys)}\n${line(keys.map((k) => '-'.repeat(width(k))))}\n`);
  for (const r of rows) process.stdout.write(`${line(keys.map((k) => String(r[k])))}\n`);
}

const CLOCK_TICKS_PER_S = 100;

/** CPU time (user + system) a process has used so far, in ms; 0 when it is gone. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return 0;
  }
}

/** Pids of this machine's processes whose /proc/<pid>/<file> passes `test` (Linux). */
function pidsWhose(file: 'comm' | 'cmdline', test: (text: string) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (test(readFileSync(`/proc/${entry}/${file}`, 'utf8'))) pids.push(Number(entry));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return pids;
}

/** CPU time so far of each PostgreSQL server process on this machine, in ms, by pid (Linux /proc). */
export function postgresCpuByPid(): Map<number, number> {
  return new Map(pidsWhose('comm', (comm) => comm.startsWith('postgres')).map((pid) => [pid, cpuMs(pid)]));
}

/**
 * PostgreSQL CPU ms used between two snapshots: by the processes alive at the end (new ones from
 * zero). A backend that exited in between is left out rather than subtracted, so the figure is a
 * lower bound when connections come and go; the services' pools keep theirs open.
 */
export function postgresCpuSince(before: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of postgresCpuByPid()) total += ms - (before.get(pid) ?? 0);
  return total;
}

/**
 * The pid of the local Kafka broker listening on `port` (a JVM running kafka.Kafka), when it runs
 * on this machine. Matched by the listener in the server.properties it was started with: another
 * clone's or another version's broker may run beside it.
 */
export function kafkaBrokerPid(port: number): number | undefined {
  const listener = new RegExp(`^listeners=.*//127\\.0\\.0\\.1:${port}\\b`, 'm');
  return pidsWhose('cmdline', (cmdline) => {
    const args = cmdline.split('\0').filter(Boolean);
    if (!args.includes('kafka.Kafka')) return false;
    try {
      return listener.test(readFileSync(args[args.length - 1]!, 'utf8'));
    } catch {
      return false;
    }
  })[0];
}

import { readFileSync } from 'node:fs';
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

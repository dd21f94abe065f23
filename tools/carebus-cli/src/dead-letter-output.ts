import type { DeadLetterMetadata, PurgeResult, ReplayResult } from '@carebus/messaging-kafka';

/** One line per dead letter, widest useful columns first; payloads are never printed. */
export function deadLetterTable(letters: DeadLetterMetadata[]): string {
  if (letters.length === 0) return 'no dead letters\n';
  const rows = letters.map((l) => [
    l.deadLetteredAt,
    `${l.dlqTopic}/${l.partition}/${l.offset}`,
    String(l.attempt ?? ''),
    l.errorCode ?? '',
    l.eventType ?? '',
    l.eventId ?? '',
    l.clinicId ?? '',
  ]);
  const header = [
    'DEAD-LETTERED AT',
    'DLQ/PARTITION/OFFSET',
    'ATTEMPT',
    'ERROR',
    'EVENT TYPE',
    'EVENT ID',
    'CLINIC',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export function replayLine(from: string, result: ReplayResult): string {
  return `replayed ${from} -> ${result.topic}/${result.partition}/${result.offset}${result.eventId ? ` (event ${result.eventId})` : ''}\n`;
}

export function purgeLines(results: PurgeResult[]): string {
  if (results.length === 0) return 'nothing to purge\n';
  return results
    .map(
      (r) =>
        `purged ${r.deleted} record(s) of ${r.dlqTopic}/${r.partition} (now starts at offset ${r.deletedBefore})\n`,
    )
    .join('');
}

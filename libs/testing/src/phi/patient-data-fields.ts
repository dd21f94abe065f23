import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../repo-root';

/** The heading in docs/events.md whose table this module reads. */
export const PATIENT_DATA_HEADING = '## Patient data in events';

/**
 * Event type → the payload fields (proto names, dotted for nested messages) that may carry
 * patient data, as docs/events.md declares them. The canary test holds Kafka to this table, so
 * the table and what services publish cannot drift apart.
 */
export type PatientDataFields = ReadonlyMap<string, readonly string[]>;

export function readPatientDataFields(file = join(repoRoot(), 'docs/events.md')): PatientDataFields {
  return parsePatientDataFields(readFileSync(file, 'utf8'));
}

export function parsePatientDataFields(markdown: string): PatientDataFields {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === PATIENT_DATA_HEADING);
  if (start < 0) throw new Error(`docs/events.md has no "${PATIENT_DATA_HEADING}" section`);
  const fields = new Map<string, string[]>();
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('#')) break;
    if (!line.trim().startsWith('|')) {
      if (inTable) break;
      continue;
    }
    inTable = true;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const type = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    if (!type) continue; // the header and separator rows
    const declared = [...(cells[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    fields.set(type, declared);
  }
  if (fields.size === 0) throw new Error(`the "${PATIENT_DATA_HEADING}" section has no table rows`);
  return fields;
}

import { toJson, type JsonValue } from '@bufbuild/protobuf';
import { decodeEventPayload, eventDefinition } from '@carebus/contracts';
import { headersAsText } from '@carebus/messaging-kafka';
import type { Canary } from './canaries';
import { findCanaries, type CanaryHit } from './canary-hits';
import type { RunRecord } from './kafka-run-records';
import type { PatientDataFields } from './patient-data-fields';

export interface KafkaCanaryReport {
  /** Canaries in fields the catalogue declares as carrying patient data (allowed; proves the search saw them). */
  declared: CanaryHit[];
  /** Everything else: headers, keys, undeclared fields, undecodable values, the national id anywhere. */
  violations: CanaryHit[];
}

/**
 * Holds a run's Kafka records to docs/events.md: a canary may sit only in a payload field its
 * event type declares as patient data, and the national id nowhere at all. Dead-letter and retry
 * records keep the original `ce_type` and payload, so they are read the same way.
 */
export function checkKafkaRecords(
  records: readonly RunRecord[],
  canaries: readonly Canary[],
  declaredFields: PatientDataFields,
): KafkaCanaryReport {
  const report: KafkaCanaryReport = { declared: [], violations: [] };
  for (const record of records) {
    const at = `${record.topic}/${record.partition}/${record.offset}`;
    const headers = headersAsText(record.headers);
    for (const [name, value] of Object.entries(headers)) {
      report.violations.push(...findCanaries(`${name}: ${value}`, canaries, `${at} header ${name}`));
    }
    if (record.key)
      report.violations.push(...findCanaries(record.key.toString('utf8'), canaries, `${at} key`));
    const type = headers.ce_type ?? '';
    const raw = record.value ? findCanaries(record.value.toString('utf8'), canaries, `${at} ${type}`) : [];
    if (raw.length === 0) continue;
    const fields = payloadStrings(type, record.value!) ?? [];
    const allowed = declaredFields.get(type) ?? [];
    let inFields = 0;
    for (const [path, text] of fields) {
      for (const hit of findCanaries(text, canaries, `${at} ${type} ${path}`)) {
        inFields++;
        const ok = allowed.includes(path) && hit.field !== 'nationalId';
        (ok ? report.declared : report.violations).push(hit);
      }
    }
    // Bytes no known field accounts for: an undecodable value, or unknown fields.
    if (inFields < raw.length) {
      report.violations.push(
        ...raw.map((hit) => ({ ...hit, where: `${hit.where} (outside its known fields)` })),
      );
    }
  }
  return report;
}

/** The payload's string values by dotted proto field path (list indexes dropped); undefined when it does not decode. */
function payloadStrings(type: string, value: Buffer): [string, string][] | undefined {
  const definition = eventDefinition(type);
  if (!definition) return undefined;
  try {
    const json = toJson(definition.schema, decodeEventPayload(definition, value), {
      useProtoFieldName: true,
    });
    const found: [string, string][] = [];
    walk(json, '', found);
    return found;
  } catch {
    return undefined;
  }
}

function walk(value: JsonValue, path: string, found: [string, string][]): void {
  if (typeof value === 'string') found.push([path, value]);
  else if (Array.isArray(value)) for (const item of value) walk(item, path, found);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) walk(item, path ? `${path}.${key}` : key, found);
  }
}

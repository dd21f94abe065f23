import { EnvelopeError } from './errors';
import type { KafkaHeaders } from './kafka-headers';

/**
 * CloudEvents 1.0 attributes of a Carebus event, carried in Kafka headers (Kafka protocol binding,
 * binary content mode: the record value is the bare protobuf payload).
 */
export interface EventEnvelope {
  /** Event id (UUID v7 from the outbox); consumers dedupe on it. */
  id: string;
  /** CloudEvents type, e.g. `carebus.scheduling.appointment.booked.v1`. */
  type: string;
  /** Producing service, e.g. `/carebus/scheduling`. */
  source: string;
  time: Date;
  /** E.g. `appointment/<id>`. */
  subject?: string;
  /** Owning clinic (tenant), UUID. Extension attribute `clinicid`. */
  clinicId: string;
  /** W3C trace context of the producing request. */
  traceparent?: string;
  tracestate?: string;
  dataContentType: 'application/protobuf';
}

/**
 * Longest `ce_id` accepted. Carebus ids are 36-character UUIDs; the inbox keys on the id
 * (`processed_events`), and a value of kilobytes would not fit its index.
 */
export const MAX_EVENT_ID_LENGTH = 128;
/** Longest `ce_type`, `ce_source` and `ce_subject` accepted. */
export const MAX_ATTRIBUTE_LENGTH = 256;
/** W3C Trace Context: at most 512 characters of `tracestate`. */
const MAX_TRACESTATE_LENGTH = 512;
/**
 * What `ce_id`, `ce_type`, `ce_source` and `ce_subject` may hold: visible ASCII (0x21–0x7E). No
 * NUL (PostgreSQL text refuses it), no control character (log lines), no space, nothing a header
 * decoded from bad UTF-8 turns into (U+FFFD).
 */
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
/** `version-traceid-parentid-flags`, lower-case hex; version ff is invalid. */
const TRACEPARENT = /^(?!ff)[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
/** Printable ASCII, space included (list members are separated by `,` and optional spaces). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const SPEC_VERSION = '1.0';
const CONTENT_TYPE = 'application/protobuf';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// RFC 3339 date-time: full date, 'T', time with optional fraction, and 'Z' or a numeric offset.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * Kafka headers for an event. Checked as `decodeEnvelopeHeaders` would check them (same order,
 * same codes; a unit test holds the two together), so a producer cannot write an envelope that
 * every consumer would dead-letter. Checked directly rather than by decoding the headers back:
 * every outbox row passes here.
 */
export function encodeEnvelopeHeaders(env: EventEnvelope): Record<string, string> {
  checkAttribute('ce_id', present('ce_id', env.id));
  checkAttribute('ce_type', present('ce_type', env.type));
  checkAttribute('ce_source', present('ce_source', env.source));
  if (Number.isNaN(env.time.getTime())) {
    throw new EnvelopeError('envelope.bad_time', 'ce_time', 'Event time is not a valid date');
  }
  const time = env.time.toISOString();
  // Years outside 0000–9999 come out as ±YYYYYY, which RFC 3339 cannot express.
  if (time.length !== 24) throw badTime(time);
  checkClinicId(present('clinicid', env.clinicId));
  if (env.subject) checkAttribute('ce_subject', env.subject);
  const headers: Record<string, string> = {
    ce_specversion: SPEC_VERSION,
    ce_id: env.id,
    ce_type: env.type,
    ce_source: env.source,
    ce_time: time,
    'content-type': CONTENT_TYPE,
    clinicid: env.clinicId,
  };
  if (env.subject !== undefined) headers.ce_subject = env.subject;
  if (env.traceparent !== undefined) headers.traceparent = env.traceparent;
  if (env.tracestate !== undefined) headers.tracestate = env.tracestate;
  return headers;
}

/** Reads and validates the envelope of a consumed record; throws `EnvelopeError` (an invalid domain error: dead-lettered). */
export function decodeEnvelopeHeaders(headers: KafkaHeaders): EventEnvelope {
  const values = normalise(headers);
  const required = (name: string): string => present(name, values.get(name));

  const specVersion = required('ce_specversion');
  if (specVersion !== SPEC_VERSION) {
    throw new EnvelopeError(
      'envelope.bad_specversion',
      'ce_specversion',
      `Unsupported CloudEvents specversion${quoted(specVersion)}, expected ${SPEC_VERSION}`,
    );
  }
  const id = checkAttribute('ce_id', required('ce_id'));
  const type = checkAttribute('ce_type', required('ce_type'));
  const source = checkAttribute('ce_source', required('ce_source'));
  const timeText = required('ce_time');
  const time = parseRfc3339(timeText);
  if (!time) throw badTime(timeText);
  const contentType = required('content-type');
  if (contentType.split(';')[0]!.trim().toLowerCase() !== CONTENT_TYPE) {
    throw new EnvelopeError(
      'envelope.bad_content_type',
      'content-type',
      `content-type${quoted(contentType)} is not ${CONTENT_TYPE}`,
    );
  }
  const clinicId = checkClinicId(required('clinicid'));

  const envelope: EventEnvelope = { id, type, source, time, clinicId, dataContentType: CONTENT_TYPE };
  const subject = values.get('ce_subject');
  if (subject) envelope.subject = checkAttribute('ce_subject', subject);
  // Trace context is advice, not part of the event: a malformed value is dropped (as W3C Trace
  // Context tells a receiver to), never dead-lettered, and never reaches a span.
  const traceparent = values.get('traceparent');
  if (traceparent && TRACEPARENT.test(traceparent)) {
    envelope.traceparent = traceparent;
    const tracestate = values.get('tracestate');
    if (tracestate && tracestate.length <= MAX_TRACESTATE_LENGTH && PRINTABLE_ASCII.test(tracestate)) {
      envelope.tracestate = tracestate;
    }
  }
  return envelope;
}

const ATTRIBUTES = {
  ce_id: { code: 'envelope.bad_id', max: MAX_EVENT_ID_LENGTH },
  ce_type: { code: 'envelope.bad_type', max: MAX_ATTRIBUTE_LENGTH },
  ce_source: { code: 'envelope.bad_source', max: MAX_ATTRIBUTE_LENGTH },
  ce_subject: { code: 'envelope.bad_subject', max: MAX_ATTRIBUTE_LENGTH },
} as const;

/**
 * A string attribute that reaches SQL, logs and spans: at most its length, visible ASCII only.
 * The message never quotes the value (it may be kilobytes, or hold a NUL).
 */
function checkAttribute(name: keyof typeof ATTRIBUTES, value: string): string {
  const { code, max } = ATTRIBUTES[name];
  if (value.length > max || !VISIBLE_ASCII.test(value)) {
    throw new EnvelopeError(code, name, `${name} must be 1 to ${max} visible ASCII characters (0x21-0x7E)`);
  }
  return value;
}

/** The header's value; missing (absent or empty) is an `envelope.missing_header` error. */
function present(name: string, value: string | undefined): string {
  if (!value) throw new EnvelopeError('envelope.missing_header', name, `Missing Kafka header ${name}`);
  return value;
}

/** A bad value for an error message: quoted when short and printable, else left out (kilobytes, a NUL). */
function quoted(value: string): string {
  return value.length <= 64 && PRINTABLE_ASCII.test(value) ? ` "${value}"` : '';
}

function checkClinicId(clinicId: string): string {
  if (!UUID.test(clinicId)) {
    throw new EnvelopeError(
      'envelope.bad_clinic_id',
      'clinicid',
      `clinicid${quoted(clinicId)} is not a UUID`,
    );
  }
  return clinicId;
}

function badTime(text: string): EnvelopeError {
  return new EnvelopeError(
    'envelope.bad_time',
    'ce_time',
    `ce_time${quoted(text)} is not an RFC 3339 timestamp`,
  );
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Date parsing alone would roll 2026-02-30 over to March, so the fields are range-checked first. */
function parseRfc3339(text: string): Date | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offsetHour = Number(match[9] ?? 0);
  const offsetMinute = Number(match[10] ?? 0);
  const daysInMonth = month === 2 ? (isLeapYear(year) ? 29 : 28) : DAYS_IN_MONTH[month - 1];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHour > 23 || offsetMinute > 59) return undefined;
  const time = new Date(text);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

/**
 * Header values as strings, by lower-cased name (the binding's names are lower case; a producer
 * outside Carebus may write `Content-Type`). kafkajs turns a repeated header into an array: equal
 * repeats are accepted, conflicting ones are rejected rather than guessed between.
 */
function normalise(headers: KafkaHeaders): Map<string, string> {
  const values = new Map<string, string>();
  for (const [rawName, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const name = rawName.toLowerCase();
    // Every record of every consumer passes here: no array for the usual single value.
    if (!Array.isArray(raw)) put(values, name, raw);
    else for (const value of raw) put(values, name, value);
  }
  return values;
}

/** One value of a header; a second, different value of the same header is an error. */
function put(values: Map<string, string>, name: string, value: string | Buffer): void {
  const text = typeof value === 'string' ? value : value.toString('utf8');
  const seen = values.get(name);
  if (seen !== undefined && seen !== text) {
    throw new EnvelopeError('envelope.duplicate_header', name, `Kafka header ${name} has conflicting values`);
  }
  values.set(name, text);
}

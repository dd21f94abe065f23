import type { Attributes, Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace-base';

/** URLs and targets: their query string may hold a search for a patient (`?name=…`). */
const URL_ATTRIBUTES = new Set(['http.url', 'http.target', 'url.full']);

/**
 * Dropped whole: the query string itself (stable HTTP conventions), statement parameters (pg's
 * enhanced reporting, the stable database conventions) and request or response bodies.
 */
const DROPPED_ATTRIBUTE = /^(url\.query|db\.postgresql\.values|db\.query\.parameter\..+|.+\.body(\..+)?)$/;

/** Of an `exception` event only the class: its message and stack text may quote patient data. */
const EXCEPTION_KEPT = new Set(['exception.type']);

/**
 * Hands spans on to the exporting processor without patient data. Applied when a span ends, so it
 * covers every instrumentation (http, express, pg, whatever comes) and attributes set after the
 * span started; the statement text stays (it has placeholders, never values), and so does the
 * status code, without the message (pg puts the error's text there).
 */
export class PhiSafeSpanProcessor implements SpanProcessor {
  constructor(private readonly exporting: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    this.exporting.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    this.exporting.onEnd(phiSafeSpan(span));
  }

  forceFlush(): Promise<void> {
    return this.exporting.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.exporting.shutdown();
  }
}

/** A view of the ended span with safe attributes, events and status; the rest reads through. */
export function phiSafeSpan(span: ReadableSpan): ReadableSpan {
  return Object.create(span, {
    attributes: { value: safeAttributes(span.attributes) },
    events: { value: span.events.map(safeEvent) },
    status: { value: { code: span.status.code } },
  }) as ReadableSpan;
}

function safeAttributes(attributes: Attributes): Attributes {
  const safe: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (DROPPED_ATTRIBUTE.test(key)) continue;
    safe[key] = URL_ATTRIBUTES.has(key) && typeof value === 'string' ? withoutQuery(value) : value;
  }
  return safe;
}

function safeEvent(event: TimedEvent): TimedEvent {
  if (event.name !== 'exception' || !event.attributes) return event;
  const kept = Object.entries(event.attributes).filter(([key]) => EXCEPTION_KEPT.has(key));
  return { ...event, attributes: Object.fromEntries(kept) };
}

function withoutQuery(url: string): string {
  return url.replace(/[?#].*$/s, '');
}

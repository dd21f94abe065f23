import { decodeEnvelopeHeaders, encodeEnvelopeHeaders, type EventEnvelope } from './cloudevents-envelope';
import { EnvelopeError } from './errors';

const envelope: EventEnvelope = {
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  type: 'carebus.scheduling.appointment.booked.v1',
  source: '/carebus/scheduling',
  time: new Date('2026-03-02T08:59:12.345Z'),
  subject: 'appointment/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c',
  clinicId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  tracestate: 'carebus=1',
  dataContentType: 'application/protobuf',
};

function validHeaders(): Record<string, string> {
  return encodeEnvelopeHeaders(envelope);
}

function codeOf(fn: () => unknown): { code: string; header: string; kind: string } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EnvelopeError);
    return error as EnvelopeError;
  }
  throw new Error('expected an EnvelopeError');
}

describe('CloudEvents envelope (Kafka binary mode)', () => {
  it('writes the binding headers', () => {
    expect(validHeaders()).toEqual({
      ce_specversion: '1.0',
      ce_id: envelope.id,
      ce_type: envelope.type,
      ce_source: envelope.source,
      ce_time: '2026-03-02T08:59:12.345Z',
      ce_subject: envelope.subject,
      'content-type': 'application/protobuf',
      traceparent: envelope.traceparent,
      tracestate: 'carebus=1',
      clinicid: envelope.clinicId,
    });
  });

  it('round-trips through headers as kafkajs delivers them (Buffers)', () => {
    const consumed = Object.fromEntries(Object.entries(validHeaders()).map(([k, v]) => [k, Buffer.from(v)]));
    expect(decodeEnvelopeHeaders(consumed)).toEqual(envelope);
  });

  it('leaves optional attributes out when unset', () => {
    const minimal: EventEnvelope = {
      ...envelope,
      subject: undefined,
      traceparent: undefined,
      tracestate: undefined,
    };
    const headers = encodeEnvelopeHeaders(minimal);
    expect(Object.keys(headers).sort()).toEqual(
      ['ce_id', 'ce_source', 'ce_specversion', 'ce_time', 'ce_type', 'clinicid', 'content-type'].sort(),
    );
    const decoded = decodeEnvelopeHeaders(headers);
    expect(decoded).not.toHaveProperty('subject');
    expect(decoded).not.toHaveProperty('traceparent');
  });

  it('accepts RFC 3339 offsets, header name case and repeated equal values', () => {
    const { 'content-type': contentType, ...rest } = validHeaders();
    const decoded = decodeEnvelopeHeaders({
      ...rest,
      'Content-Type': contentType,
      ce_time: '2026-03-02T10:59:12+02:00',
      ce_id: [envelope.id, Buffer.from(envelope.id)],
    });
    expect(decoded.time.toISOString()).toBe('2026-03-02T08:59:12.000Z');
    const nanos = decodeEnvelopeHeaders({ ...validHeaders(), ce_time: '2026-03-02T08:59:12.345678901Z' });
    expect(nanos.time.toISOString()).toBe('2026-03-02T08:59:12.345Z');
  });

  it.each(['ce_specversion', 'ce_id', 'ce_type', 'ce_source', 'ce_time', 'content-type', 'clinicid'])(
    'rejects a record without %s',
    (header) => {
      const headers: Record<string, string | undefined> = validHeaders();
      delete headers[header];
      expect(codeOf(() => decodeEnvelopeHeaders(headers))).toMatchObject({
        code: 'envelope.missing_header',
        header,
        kind: 'invalid',
      });
      expect(codeOf(() => decodeEnvelopeHeaders({ ...validHeaders(), [header]: '' })).code).toBe(
        'envelope.missing_header',
      );
    },
  );

  it.each([
    ['ce_specversion', '0.3', 'envelope.bad_specversion'],
    ['ce_time', 'yesterday', 'envelope.bad_time'],
    ['ce_time', '2026-03-02 08:59:12', 'envelope.bad_time'],
    ['ce_time', '2026-02-30T08:59:12Z', 'envelope.bad_time'],
    ['ce_time', '2026-02-29T08:59:12Z', 'envelope.bad_time'],
    ['ce_time', '2100-02-29T08:59:12Z', 'envelope.bad_time'],
    ['ce_time', '2026-04-31T08:59:12Z', 'envelope.bad_time'],
    ['ce_time', '2026-13-01T08:59:12Z', 'envelope.bad_time'],
    ['ce_time', '2026-03-02T24:00:00Z', 'envelope.bad_time'],
    ['content-type', 'application/json', 'envelope.bad_content_type'],
    ['content-type', 'application/cloudevents+json', 'envelope.bad_content_type'],
    ['clinicid', 'clinic-1', 'envelope.bad_clinic_id'],
    ['clinicid', '6f1c2d3e4b5a4c6d8e7f9a0b1c2d3e4f', 'envelope.bad_clinic_id'],
  ])('rejects %s = %p with %s', (header, value, code) => {
    expect(codeOf(() => decodeEnvelopeHeaders({ ...validHeaders(), [header]: value }))).toMatchObject({
      code,
      header,
      kind: 'invalid',
    });
  });

  it.each(['2028-02-29T08:59:12Z', '2000-02-29T23:59:59.5+01:00', '2026-12-31T00:00:00Z'])(
    'accepts the last day of a month: ce_time = %s',
    (time) => {
      expect(decodeEnvelopeHeaders({ ...validHeaders(), ce_time: time }).time).toEqual(new Date(time));
    },
  );

  it('accepts equal repeats of a header', () => {
    const headers = { ...validHeaders(), ce_type: [envelope.type, Buffer.from(envelope.type)] };
    expect(decodeEnvelopeHeaders(headers).type).toBe(envelope.type);
  });

  it('rejects conflicting repeats of a header', () => {
    const headers = { ...validHeaders(), ce_type: ['carebus.a.b.v1', 'carebus.c.d.v1'] };
    expect(codeOf(() => decodeEnvelopeHeaders(headers)).code).toBe('envelope.duplicate_header');
  });

  /** The headers an envelope maps to, written without any check (what a careless producer would send). */
  function uncheckedHeaders(env: EventEnvelope): Record<string, string> {
    const time = Number.isNaN(env.time.getTime()) ? 'Invalid Date' : env.time.toISOString();
    return {
      ce_specversion: '1.0',
      ce_id: env.id,
      ce_type: env.type,
      ce_source: env.source,
      ce_time: time,
      'content-type': 'application/protobuf',
      clinicid: env.clinicId,
      ...(env.subject ? { ce_subject: env.subject } : {}),
    };
  }

  const verdict = (fn: () => unknown) => {
    try {
      fn();
      return 'accepted';
    } catch (error) {
      return `${(error as EnvelopeError).code} ${(error as EnvelopeError).header}`;
    }
  };

  it.each<[string, Partial<EventEnvelope>]>([
    ['a valid envelope', {}],
    ['an empty id', { id: '' }],
    ['an empty type', { type: '' }],
    ['an empty source', { source: '' }],
    ['an invalid date', { time: new Date(Number.NaN) }],
    ['year 10000', { time: new Date('+010000-01-01T00:00:00Z') }],
    ['year -1', { time: new Date('-000001-01-01T00:00:00Z') }],
    ['year 0', { time: new Date('0000-01-01T00:00:00Z') }],
    ['year 9999', { time: new Date('9999-12-31T23:59:59.999Z') }],
    ['an empty clinic id', { clinicId: '' }],
    ['a clinic id that is no UUID', { clinicId: 'clinic-1' }],
    ['an upper-case clinic id', { clinicId: '6F1C2D3E-4B5A-4C6D-8E7F-9A0B1C2D3E4F' }],
    ['an empty id and a bad clinic id', { id: '', clinicId: 'clinic-1' }],
    ['a bad time and a bad clinic id', { time: new Date(Number.NaN), clinicId: 'x' }],
    ['an id of 128 characters', { id: 'a'.repeat(128) }],
    ['an id of 4 KB', { id: 'a'.repeat(4096) }],
    ['an id with a NUL', { id: 'abc\u0000def' }],
    ['an id with a space', { id: 'abc def' }],
    ['a type of 257 characters', { type: 'c'.repeat(257) }],
    ['a type with a newline', { type: 'carebus.x\n.v1' }],
    ['a source with a NUL', { source: '/carebus/\u0000' }],
    ['a subject with a non-ASCII letter', { subject: 'appointment/ø' }],
    ['a bad id and a bad type', { id: '\u0000', type: '\u0000' }],
  ])('encoding judges %s as decoding does', (_, change) => {
    const env = { ...envelope, ...change };
    expect(verdict(() => encodeEnvelopeHeaders(env))).toBe(
      verdict(() => decodeEnvelopeHeaders(uncheckedHeaders(env))),
    );
  });

  it('refuses to encode an envelope consumers would reject', () => {
    expect(codeOf(() => encodeEnvelopeHeaders({ ...envelope, clinicId: 'clinic-1' })).code).toBe(
      'envelope.bad_clinic_id',
    );
    expect(codeOf(() => encodeEnvelopeHeaders({ ...envelope, time: new Date(Number.NaN) })).code).toBe(
      'envelope.bad_time',
    );
    expect(codeOf(() => encodeEnvelopeHeaders({ ...envelope, id: '' })).code).toBe('envelope.missing_header');
  });

  it.each([
    ['ce_id', 'envelope.bad_id', 'x'.repeat(4096)],
    ['ce_id', 'envelope.bad_id', '0190a1b2\u0000c3d4'],
    ['ce_id', 'envelope.bad_id', 'tab\there'],
    ['ce_id', 'envelope.bad_id', Buffer.from([0x61, 0xff, 0x62])],
    ['ce_type', 'envelope.bad_type', 't'.repeat(300)],
    ['ce_type', 'envelope.bad_type', 'carebus.\u0000.v1'],
    ['ce_source', 'envelope.bad_source', '/carebus/\u007f'],
    ['ce_subject', 'envelope.bad_subject', 'appointment/\u0000'],
  ])('dead-letters a %s that is too long or not visible ASCII (%s)', (header, code, value) => {
    const error = codeOf(() => decodeEnvelopeHeaders({ ...validHeaders(), [header]: value }));
    expect(error).toMatchObject({ code, header, kind: 'invalid' });
    // The message never quotes the value.
    expect((error as unknown as Error).message.length).toBeLessThan(120);
    expect((error as unknown as Error).message).not.toContain('\u0000');
  });

  it('accepts an id of exactly 128 visible ASCII characters', () => {
    const id = `${'~'.repeat(64)}${'!'.repeat(64)}`;
    expect(decodeEnvelopeHeaders({ ...validHeaders(), ce_id: id }).id).toBe(id);
  });

  it('never quotes a long or unprintable value in a message', () => {
    const long = codeOf(() => decodeEnvelopeHeaders({ ...validHeaders(), clinicid: 'c'.repeat(4096) }));
    expect((long as unknown as Error).message).toBe('clinicid is not a UUID');
    const nul = codeOf(() => decodeEnvelopeHeaders({ ...validHeaders(), ce_time: '2026\u0000' }));
    expect((nul as unknown as Error).message).toBe('ce_time is not an RFC 3339 timestamp');
    const short = codeOf(() => decodeEnvelopeHeaders({ ...validHeaders(), clinicid: 'clinic-1' }));
    expect((short as unknown as Error).message).toBe('clinicid "clinic-1" is not a UUID');
  });

  it('drops malformed trace context instead of rejecting the event', () => {
    for (const traceparent of [
      'x'.repeat(4096),
      '00-abc\u0000',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    ]) {
      const decoded = decodeEnvelopeHeaders({ ...validHeaders(), traceparent });
      expect(decoded.traceparent).toBeUndefined();
      expect(decoded.tracestate).toBeUndefined();
    }
    for (const tracestate of ['s'.repeat(513), 'a=\u0000']) {
      const decoded = decodeEnvelopeHeaders({ ...validHeaders(), tracestate });
      expect(decoded.traceparent).toBe(envelope.traceparent);
      expect(decoded.tracestate).toBeUndefined();
    }
    expect(decodeEnvelopeHeaders(validHeaders())).toMatchObject({
      traceparent: envelope.traceparent,
      tracestate: envelope.tracestate,
    });
  });
});

import type { JournalNoteRecord } from '../data/journal-notes';
import { isRecord } from '../http-io';
import type { OutcomeIssue } from './operation-outcome';

/** A DocumentReference a client posted, as a journal note's fields, or the issue that refuses it. */
export function parseNoteBody(body: unknown): Omit<JournalNoteRecord, 'id'> | OutcomeIssue {
  if (!isRecord(body) || body.resourceType !== 'DocumentReference')
    return issue('DocumentReference.resourceType', 'The body must be a DocumentReference resource.');
  const subject =
    isRecord(body.subject) && typeof body.subject.reference === 'string' ? body.subject.reference : '';
  if (!subject.startsWith('Patient/'))
    return issue('DocumentReference.subject', 'A Patient subject is required.');
  const content: unknown = Array.isArray(body.content) ? body.content[0] : undefined;
  const data = isRecord(content) && isRecord(content.attachment) ? content.attachment.data : undefined;
  if (typeof data !== 'string' || data === '')
    return issue('DocumentReference.content', 'content[0].attachment.data (base64 text) is required.');
  const writtenAt = typeof body.date === 'string' ? Date.parse(body.date) : Date.now();
  const first: unknown = Array.isArray(body.identifier) ? body.identifier[0] : undefined;
  const identifier =
    isRecord(first) && typeof first.value === 'string'
      ? `${typeof first.system === 'string' ? first.system : ''}|${first.value}`
      : null;
  return {
    patientId: subject.slice('Patient/'.length),
    text: Buffer.from(data, 'base64').toString('utf8'),
    writtenAt,
    identifier,
  };
}

export function documentReference(note: JournalNoteRecord) {
  const bar = note.identifier?.indexOf('|') ?? -1;
  return {
    resourceType: 'DocumentReference',
    id: note.id,
    meta: { versionId: '1' },
    ...(note.identifier
      ? { identifier: [{ system: note.identifier.slice(0, bar), value: note.identifier.slice(bar + 1) }] }
      : {}),
    status: 'current',
    subject: { reference: `Patient/${note.patientId}` },
    date: new Date(note.writtenAt).toISOString(),
    content: [
      { attachment: { contentType: 'text/plain', data: Buffer.from(note.text, 'utf8').toString('base64') } },
    ],
  };
}

function issue(path: string, diagnostics: string): OutcomeIssue {
  return { code: 'required', diagnostics, expression: [path] };
}

import type { WriteJournal } from './write-journal';

/** A note filed in a patient's journal (synthetic text in tests; kept in memory only). */
export interface JournalNoteRecord {
  id: string;
  patientId: string;
  text: string;
  writtenAt: number;
  /** The filing client's business identifier (`system|value`), when it gave one. */
  identifier: string | null;
}

export type NoteResult = JournalNoteRecord | { refused: 'invalid'; field: string; text: string };

/** Journal notes, both styles' (vendor `/journal-notes`, FHIR `DocumentReference`). */
export class JournalNotes {
  private readonly notes = new Map<string, JournalNoteRecord>();
  private readonly byIdentifier = new Map<string, string>();

  constructor(
    private readonly journal: WriteJournal,
    private readonly patientExists: (id: string) => boolean,
  ) {}

  findByIdentifier(identifier: string): JournalNoteRecord | null {
    const id = this.byIdentifier.get(identifier);
    return id ? (this.notes.get(id) ?? null) : null;
  }

  get(id: string): JournalNoteRecord | null {
    return this.notes.get(id) ?? null;
  }

  create(input: Omit<JournalNoteRecord, 'id'>, key: string | null = null): NoteResult {
    if (!this.patientExists(input.patientId))
      return { refused: 'invalid', field: 'patientId', text: 'Unknown patient.' };
    if (input.text.trim() === '') return { refused: 'invalid', field: 'text', text: 'The note is empty.' };
    if (!Number.isFinite(input.writtenAt))
      return { refused: 'invalid', field: 'writtenAt', text: 'Not an instant.' };
    const note = { ...input, id: `note-${this.notes.size + 1}` };
    this.notes.set(note.id, note);
    if (note.identifier) this.byIdentifier.set(note.identifier, note.id);
    this.journal.add({ action: 'note', recordId: note.id, key: key ?? note.identifier });
    return note;
  }
}

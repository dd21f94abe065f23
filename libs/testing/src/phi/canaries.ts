import { randomBytes, randomInt } from 'node:crypto';
import { randomFodselsnummer } from './fodselsnummer';

/** One piece of a canary patient's data and what a search looks for. */
export interface Canary {
  /** What it is: `name`, `nationalId`, … (names a hit in a report). */
  field: keyof Omit<PatientCanaries, 'all'>;
  value: string;
  /**
   * The part of `value` that is unique to this run, lowercase: searches are case-insensitive, and a
   * value cut short, re-cased or wrapped in other text still shows.
   */
  needle: string;
}

/**
 * A patient whose every datum is unique to one test run, so finding one in a log line, a span or
 * a Kafka record proves the service let patient data out. Each value is valid where services
 * check it (a real fødselsnummer, an e-mail address, an E.164 phone number).
 */
export interface PatientCanaries {
  name: string;
  nationalId: string;
  email: string;
  phone: string;
  /** Free text about the patient, e.g. a cancellation reason. */
  freeText: string;
  /** The patient's id in another system (an EHR's patient number). */
  externalId: string;
  /**
   * A clinic's shared encryption key (32 bytes, base64) that protects patient data: only the
   * vault's explicit view may show it, so it is searched like patient data, also as hex.
   */
  sharedKey: string;
  sharedKeyHex: string;
  /** A secret a clinic admin enters to connect its EHR (client secret, activation code): searched like patient data. */
  ehrCredential: string;
  all: Canary[];
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** 32 bytes whose base64 text starts with the marker (the last character keeps the text canonical). */
function markedKey(marker: string): string {
  const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)]!;
  let text = marker;
  while (text.length < 42) text += pick(BASE64);
  return `${text}${pick('AEIMQUYcgkosw048')}=`;
}

export function newPatientCanaries(): PatientCanaries {
  // Hex, so the markers are ASCII and survive JSON escaping; one letter after it tells fields apart.
  const token = randomBytes(6).toString('hex');
  const phoneDigits = `9${String(randomInt(10_000_000)).padStart(7, '0')}`;
  const nationalId = randomFodselsnummer();
  const canaries: Omit<PatientCanaries, 'all'> = {
    name: `Åse Kanari${token}n Ødegård`,
    nationalId,
    email: `kanari.${token}e@pasient.example`,
    phone: `+47${phoneDigits}`,
    freeText: `Kanari${token}t lurer på om blodprøven viste noe`,
    externalId: `ehr-kanari${token}x`,
    sharedKey: '',
    sharedKeyHex: '',
    ehrCredential: `ACT-Kanari${token}C-secret`,
  };
  canaries.sharedKey = markedKey(`Kanari${token}K`);
  canaries.sharedKeyHex = Buffer.from(canaries.sharedKey, 'base64').toString('hex');
  const needles: Record<Canary['field'], string> = {
    name: `kanari${token}n`,
    nationalId,
    email: `kanari.${token}e`,
    phone: phoneDigits,
    freeText: `kanari${token}t`,
    externalId: `kanari${token}x`,
    sharedKey: `kanari${token}k`,
    sharedKeyHex: canaries.sharedKeyHex.slice(0, 24),
    ehrCredential: `kanari${token}c`,
  };
  const all = (Object.keys(needles) as Canary['field'][]).map((field) => ({
    field,
    value: canaries[field],
    needle: needles[field],
  }));
  return { ...canaries, all };
}

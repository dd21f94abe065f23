import { decodeKey, KeyRing, keyRingProblems } from '@carebus/crypto';

/** The variables of the national-id key ring, named in configuration problems. */
export const NATIONAL_ID_KEY_VARIABLES = {
  list: 'MESSAGING_NATIONAL_ID_KEYS',
  active: 'MESSAGING_NATIONAL_ID_KEY_ACTIVE',
} as const;

/** The single key the ring replaces; read as version `v1` for one release, with a warning. */
export const DEPRECATED_NATIONAL_ID_KEY = 'MESSAGING_NATIONAL_ID_KEY';

export interface NationalIdKeyVariables {
  MESSAGING_NATIONAL_ID_KEYS?: string | undefined;
  MESSAGING_NATIONAL_ID_KEY_ACTIVE?: string | undefined;
  MESSAGING_NATIONAL_ID_KEY?: string | undefined;
}

export const NATIONAL_ID_KEY_DEPRECATION =
  `${DEPRECATED_NATIONAL_ID_KEY} is deprecated and will be removed in the next release: ` +
  `set ${NATIONAL_ID_KEY_VARIABLES.list}=v1:<the same key> instead (docs/messaging-service.md, "National-id key rotation")`;

/** A variable's value, or undefined when it is unset or blank (compose passes unset ones as ''). */
const given = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

/** The ring as configured: MESSAGING_NATIONAL_ID_KEYS, or the deprecated single key as `v1:<key>`. */
function ringList(v: NationalIdKeyVariables): string | undefined {
  const single = given(v.MESSAGING_NATIONAL_ID_KEY);
  return given(v.MESSAGING_NATIONAL_ID_KEYS) ?? (single === undefined ? undefined : `v1:${single}`);
}

/** Whether the service runs on the deprecated single key (it warns at start). */
export const usesDeprecatedNationalIdKey = (v: NationalIdKeyVariables): boolean =>
  given(v.MESSAGING_NATIONAL_ID_KEYS) === undefined && given(v.MESSAGING_NATIONAL_ID_KEY) !== undefined;

/** What is wrong with the national-id key variables, one sentence each, quoting no key. */
export function nationalIdKeyProblems(v: NationalIdKeyVariables): { path: string; message: string }[] {
  const { list: LIST } = NATIONAL_ID_KEY_VARIABLES;
  if (given(v.MESSAGING_NATIONAL_ID_KEYS) !== undefined && given(v.MESSAGING_NATIONAL_ID_KEY) !== undefined)
    return [
      {
        path: DEPRECATED_NATIONAL_ID_KEY,
        message: `set ${LIST} only (${DEPRECATED_NATIONAL_ID_KEY} is deprecated)`,
      },
    ];
  if (usesDeprecatedNationalIdKey(v)) {
    return decodeKey(given(v.MESSAGING_NATIONAL_ID_KEY)!)
      ? []
      : [{ path: DEPRECATED_NATIONAL_ID_KEY, message: 'must be 32 bytes in base64' }];
  }
  const list = ringList(v);
  if (list === undefined)
    return [{ path: LIST, message: 'is required: `v1:<base64 of 32 bytes>,…` (seals national ids at rest)' }];
  return keyRingProblems(list, given(v.MESSAGING_NATIONAL_ID_KEY_ACTIVE), NATIONAL_ID_KEY_VARIABLES).map(
    (message) => ({
      path: LIST,
      message,
    }),
  );
}

/** The parsed ring; call it on a config that passed `nationalIdKeyProblems`. */
export function nationalIdKeyRing(v: NationalIdKeyVariables): KeyRing {
  const list = ringList(v);
  if (list === undefined) throw new Error(`${NATIONAL_ID_KEY_VARIABLES.list} is not set`);
  return KeyRing.parse(list, given(v.MESSAGING_NATIONAL_ID_KEY_ACTIVE), NATIONAL_ID_KEY_VARIABLES);
}

/** Placeholders a template may hold, e.g. `{{appointment_type}}`; unknown ones are left as written. */
export type Placeholders = Record<string, string>;

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

export function fillPlaceholders(text: string, values: Placeholders): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

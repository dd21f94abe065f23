import Handlebars from 'handlebars';
import { templateInvalid } from '../notifications.errors';
import type { TemplateText } from './default-templates';

export interface RenderedMessage {
  subject: string;
  text: string;
  /** The body with every variable HTML-escaped, inside a minimal document. */
  html: string;
}

export type TemplateVariables = Record<string, string | undefined>;

const engine = Handlebars.create();
const cache = new Map<string, Handlebars.TemplateDelegate>();

function compiled(source: string, escape: boolean): Handlebars.TemplateDelegate {
  const key = `${escape ? 'h' : 't'}:${source}`;
  let template = cache.get(key);
  if (!template) {
    template = engine.compile(source, { noEscape: !escape, strict: false, knownHelpersOnly: true });
    if (cache.size > 1000) cache.clear();
    cache.set(key, template);
  }
  return template;
}

/** Throws a 400 naming the field when a clinic's template does not parse. */
export function checkTemplate(text: TemplateText): void {
  for (const field of ['subject', 'body'] as const) {
    try {
      compiled(text[field], true)({});
    } catch (error) {
      throw templateInvalid(field, (error as Error).message.split('\n')[0]!);
    }
  }
}

/** Plain text for subject and SMS/push; the HTML e-mail body escapes every variable. */
export function renderTemplate(text: TemplateText, variables: TemplateVariables): RenderedMessage {
  const body = compiled(text.body, false)(variables);
  const htmlBody = compiled(text.body, true)(variables).replace(/\n/g, '<br>');
  return {
    subject: compiled(text.subject, false)(variables).replace(/[\r\n]+/g, ' '),
    text: body,
    html: `<!doctype html><html><body><p>${htmlBody}</p></body></html>`,
  };
}

import { ValidationError } from '@carebus/errors';

/**
 * An EHR base URL as a connection stores it: absolute http(s), https in production, no
 * credentials, query or fragment (credentials go to the vault, never into a URL), no trailing slash.
 */
export function checkedBaseUrl(text: string, production: boolean): string {
  const problem = (message: string) => new ValidationError([{ field: 'baseUrl', message }]);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw problem('must be an absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !production)) {
    throw problem(production ? 'must be https' : 'must be http or https');
  }
  if (url.username || url.password) throw problem('must not hold credentials');
  if (url.search || url.hash || text.includes('#')) throw problem('must not have a query or fragment');
  return url.toString().replace(/\/+$/, '');
}

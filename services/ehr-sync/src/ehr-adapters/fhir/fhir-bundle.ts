import { badResponse } from '../ehr-adapter.errors';
import { arrayAt, objectAt, stringAt } from '../response-shape';

export interface SearchPage {
  resources: Record<string, unknown>[];
  /** The `next` link, absent on the last page. */
  next: string | null;
}

/** A searchset Bundle's resources (matches only) and its `next` link. */
export function searchPage(value: unknown): SearchPage {
  const bundle = objectAt(value, 'Bundle');
  if (bundle.resourceType !== 'Bundle' || bundle.type !== 'searchset') throw badResponse('Bundle.type');
  const links = bundle.link === undefined ? [] : arrayAt(bundle.link, 'Bundle.link');
  const next = links.map((l, i) => objectAt(l, `Bundle.link[${i}]`)).find((l) => l.relation === 'next');
  const entries = bundle.entry === undefined ? [] : arrayAt(bundle.entry, 'Bundle.entry');
  const resources = entries
    .map((e, i) => objectAt(e, `Bundle.entry[${i}]`))
    .filter((e) => e.search === undefined || objectAt(e.search, 'Bundle.entry.search').mode !== 'include')
    .map((e, i) => objectAt(e.resource, `Bundle.entry[${i}].resource`));
  return { resources, next: next ? stringAt(next.url, 'Bundle.link.url') : null };
}

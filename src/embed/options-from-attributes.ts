import type { MountOptions } from '../mount';

/** Mount options without the backend, as read from markup. */
export type AttributeOptions = Omit<MountOptions, 'backend' | 'loadCatalogue'>;

const number = (value: string | null) => {
  const n = Number.parseInt(value ?? '', 10);
  return n > 0 ? n : undefined;
};

/**
 * Reads mount options from attributes: `page-id`, `title`, `url`, `lang`,
 * `theme`, `max-depth`, `sort`, `page-size` (the script tag prefixes each with `data-`).
 * A missing, empty or invalid value comes out `undefined`, so the default applies.
 */
export function optionsFromAttributes(get: (name: string) => string | null): AttributeOptions {
  const theme = get('theme');
  const sort = get('sort');
  return {
    pageId: get('page-id') || undefined,
    pageTitle: get('title') || undefined,
    pageUrl: get('url') || undefined,
    lang: get('lang') || undefined,
    theme: theme === 'light' || theme === 'dark' || theme === 'auto' ? theme : undefined,
    sort: sort === 'oldest' || sort === 'newest' ? sort : undefined,
    maxDepth: number(get('max-depth')),
    pageSize: number(get('page-size')),
  };
}

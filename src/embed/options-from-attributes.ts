import type { MountOptions } from '../mount';

/** Mount options without the backend, as read from markup. */
export type AttributeOptions = Omit<MountOptions, 'backend' | 'loadCatalogue'>;

const number = (value: string | null) => {
  const n = value === null ? NaN : Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

/**
 * Reads mount options from attributes: `page-id`, `title`, `url`, `lang`,
 * `theme`, `max-depth`, `sort`, `page-size` (the script tag prefixes each with `data-`).
 */
export function optionsFromAttributes(get: (name: string) => string | null): AttributeOptions {
  const options: AttributeOptions = {};
  const theme = get('theme');
  const sort = get('sort');
  const maxDepth = number(get('max-depth'));
  const pageSize = number(get('page-size'));
  if (get('page-id')) options.pageId = get('page-id') ?? undefined;
  if (get('title')) options.pageTitle = get('title') ?? undefined;
  if (get('url')) options.pageUrl = get('url') ?? undefined;
  if (get('lang')) options.lang = get('lang') ?? undefined;
  if (theme === 'light' || theme === 'dark' || theme === 'auto') options.theme = theme;
  if (sort === 'oldest' || sort === 'newest') options.sort = sort;
  if (maxDepth) options.maxDepth = maxDepth;
  if (pageSize) options.pageSize = pageSize;
  return options;
}

/** Locales natter has catalogues for; English is the keys themselves. */
export const LOCALES = ['en', 'fr', 'de'] as const;
/** One of {@link LOCALES}. */
export type Locale = (typeof LOCALES)[number];

/**
 * Picks the widget's locale: the `lang` option when given, else the host page's
 * `<html lang>`, else English. Region and script subtags fall back to the
 * language (`fr-CA` → `fr`); an unsupported language gives `en`.
 */
export function pickLocale(lang?: string | null, doc: Document | undefined = globalThis.document): Locale {
  const wanted = lang || doc?.documentElement.lang || '';
  const base = wanted.trim().toLowerCase().split(/[-_]/)[0];
  return LOCALES.find((l) => l === base) ?? 'en';
}

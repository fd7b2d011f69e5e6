import type { Catalogue } from './translator';

/** Loads the catalogue of a non-English locale; injected by each entry point. */
export type CatalogueLoader = (locale: string) => Promise<unknown>;

/**
 * Narrows loaded JSON to a {@link Catalogue}: string values, or plural objects
 * of strings. Anything else is dropped, so a bad file degrades to English text.
 */
export function toCatalogue(value: unknown): Catalogue {
  const catalogue: Catalogue = {};
  if (typeof value !== 'object' || value === null) return catalogue;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') catalogue[key] = entry;
    else if (typeof entry === 'object' && entry !== null) {
      const forms: Partial<Record<Intl.LDMLPluralRule, string>> = {};
      for (const [form, text] of Object.entries(entry)) {
        if (isPluralForm(form) && typeof text === 'string') forms[form] = text;
      }
      catalogue[key] = forms;
    }
  }
  return catalogue;
}

const isPluralForm = (form: string): form is Intl.LDMLPluralRule =>
  /^(zero|one|two|few|many|other)$/.test(form);

/**
 * The script-tag loader: fetches `locales/<locale>.json` beside the script's
 * own URL, only when a non-English locale is used.
 */
export function fetchCatalogue(scriptUrl: string, fetcher: typeof fetch = globalThis.fetch): CatalogueLoader {
  return async (locale) => {
    const response = await fetcher(new URL(`locales/${encodeURIComponent(locale)}.json`, scriptUrl));
    if (!response.ok) throw new Error(`natter: loading the ${locale} catalogue failed (${response.status})`);
    return response.json();
  };
}

/** Loads `locale`'s catalogue with `loader`; English, a missing loader or a failure give `{}`. */
export async function loadCatalogue(locale: string, loader?: CatalogueLoader): Promise<Catalogue> {
  if (locale === 'en' || !loader) return {};
  try {
    return toCatalogue(await loader(locale));
  } catch {
    return {};
  }
}

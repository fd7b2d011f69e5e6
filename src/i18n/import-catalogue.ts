import type { CatalogueLoader } from './load-catalogue';

/**
 * The ES module loader: each catalogue is its own chunk, imported only when
 * its locale is used. Kept apart from the script-tag build, which fetches instead.
 */
export const importCatalogue: CatalogueLoader = async (locale) => {
  if (locale === 'fr') return (await import('./locales/fr.json')).default;
  if (locale === 'de') return (await import('./locales/de.json')).default;
  return {};
};

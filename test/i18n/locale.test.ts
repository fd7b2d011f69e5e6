// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { pickLocale } from '../../src/i18n/locale';
import { fetchCatalogue, loadCatalogue, toCatalogue } from '../../src/i18n/load-catalogue';

afterEach(() => document.documentElement.removeAttribute('lang'));

describe('pickLocale', () => {
  it('prefers the lang option', () => {
    document.documentElement.lang = 'de';
    expect(pickLocale('fr')).toBe('fr');
  });

  it('falls back to the host page’s html lang', () => {
    document.documentElement.lang = 'de-AT';
    expect(pickLocale()).toBe('de');
  });

  it('matches a regional variant to its language', () => {
    expect(pickLocale('fr-CA')).toBe('fr');
    expect(pickLocale('FR_ca')).toBe('fr');
  });

  it('uses English for unsupported or missing languages', () => {
    expect(pickLocale('xx')).toBe('en');
    expect(pickLocale()).toBe('en');
    expect(pickLocale('', undefined)).toBe('en');
  });
});

describe('loadCatalogue', () => {
  it('loads nothing for English', async () => {
    let calls = 0;
    expect(await loadCatalogue('en', async () => { calls += 1; return { a: 'b' }; })).toEqual({});
    expect(calls).toBe(0);
  });

  it('falls back to English when the loader fails', async () => {
    expect(await loadCatalogue('fr', async () => { throw new Error('offline'); })).toEqual({});
  });

  it('keeps only strings and plural forms from a loaded catalogue', () => {
    const catalogue = toCatalogue({
      Reply: 'Répondre', Bad: 3, Plural: { one: 'un', other: 'plusieurs', evil: 'x', few: 4 }, Nul: null,
    });
    expect(catalogue).toEqual({ Reply: 'Répondre', Plural: { one: 'un', other: 'plusieurs' } });
    expect(toCatalogue('nope')).toEqual({});
  });

  it('fetches a catalogue beside the script that loaded natter', async () => {
    const urls: string[] = [];
    const fetcher = async (url: string | URL | Request) => {
      urls.push(String(url));
      return new Response('{"Reply":"Antworten"}', { headers: { 'content-type': 'application/json' } });
    };
    const catalogue = await loadCatalogue('de', fetchCatalogue('https://cdn.example/natter/1.0/natter.iife.js', fetcher));
    expect(urls).toEqual(['https://cdn.example/natter/1.0/locales/de.json']);
    expect(catalogue).toEqual({ Reply: 'Antworten' });
  });

  it('treats a missing catalogue file as English', async () => {
    const fetcher = async () => new Response('not found', { status: 404 });
    expect(await loadCatalogue('fr', fetchCatalogue('https://cdn.example/natter.iife.js', fetcher))).toEqual({});
  });
});

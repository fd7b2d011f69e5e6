import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import de from '../../src/i18n/locales/de.json';
import fr from '../../src/i18n/locales/fr.json';

const STRING = String.raw`'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"`;
const SINGLE = new RegExp(String.raw`\bt\(\s*(?:${STRING})`, 'g');
const PLURAL = new RegExp(String.raw`\btn\(\s*(?:${STRING})\s*,\s*(?:${STRING})`, 'g');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

/** Every message the UI translates: singular keys and plural (`other`) keys. */
function messages() {
  const singular = new Set<string>();
  const plural = new Map<string, string>();
  // The UI, and mount.ts's fallback message when rendering fails.
  for (const file of [...sources('src/ui'), 'src/mount.ts']) {
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(SINGLE)) singular.add(unescape(m[1] ?? m[2] ?? ''));
    for (const m of code.matchAll(PLURAL)) plural.set(unescape(m[3] ?? m[4] ?? ''), unescape(m[1] ?? m[2] ?? ''));
  }
  return { singular, plural };
}

const catalogues: Record<string, Record<string, unknown>> = { fr, de };

describe('catalogues', () => {
  const { singular, plural } = messages();

  it('finds the messages of the UI', () => {
    expect(singular.has('Reply')).toBe(true);
    expect(plural.get('%d thoughts on “%s”')).toBe('One thought on “%s”');
  });

  for (const [locale, catalogue] of Object.entries(catalogues)) {
    it(`translates every message into ${locale}`, () => {
      const missing = [...singular].filter((key) => typeof catalogue[key] !== 'string');
      expect(missing).toEqual([]);
    });

    it(`gives every plural message in ${locale} its plural forms`, () => {
      // `other`, and `one` where the language has it; rarer forms fall back to `other`.
      const rules = new Intl.PluralRules(locale).resolvedOptions().pluralCategories.filter((r) => r === 'one' || r === 'other');
      const missing = [...plural.keys()].filter((key) => {
        const entry = catalogue[key];
        return typeof entry !== 'object' || entry === null || !rules.every((r) => typeof Reflect.get(entry, r) === 'string');
      });
      expect(missing).toEqual([]);
    });

    it(`keeps the placeholders of every ${locale} message`, () => {
      const count = (text: string, p: string) => text.split(p).length - 1;
      const wrong = Object.entries(catalogue).filter(([key, value]) => {
        const forms = typeof value === 'string' ? [value] : Object.values(value as object).filter((v) => typeof v === 'string');
        return forms.some((form: string) => count(form, '%s') !== count(key, '%s'));
      });
      expect(wrong).toEqual([]);
    });
  }
});

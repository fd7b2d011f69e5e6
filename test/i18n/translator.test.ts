import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n/translator';

describe('createTranslator', () => {
  it('writes English counts as Intl.NumberFormat does, grouped by threes', () => {
    const t = createTranslator('en');
    const intl = new Intl.NumberFormat('en');
    for (const n of [0, 1, 7, 42, 999, 1000, 1234, 10_000, 999_999, 1_000_000, 123_456_789, -1234]) {
      expect(t.tn('%d comment', '%d comments', n)).toBe(`${intl.format(n)} ${n === 1 ? 'comment' : 'comments'}`);
    }
  });

  it('uses the locale\'s plural categories and number format for a catalogue', () => {
    const t = createTranslator('fr', { '%d comments': { one: '%d commentaire', other: '%d commentaires' } });
    expect(t.tn('%d comment', '%d comments', 0)).toBe('0 commentaire');
    expect(t.tn('%d comment', '%d comments', 1)).toBe('1 commentaire');
    expect(t.tn('%d comment', '%d comments', 1234)).toBe(`${new Intl.NumberFormat('fr').format(1234)} commentaires`);
  });

  it('fills %s with the arguments in order', () => {
    expect(createTranslator('en').t('%s replied to %s', 'Ada', 'Bea')).toBe('Ada replied to Bea');
  });
});

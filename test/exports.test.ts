import { describe, expect, it } from 'vitest';
import * as natter from '../src/index';

describe('the public API', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(natter).sort()).toEqual([
      'ERROR_CODES',
      'HttpBackend',
      'MemoryBackend',
      'NatterError',
      'PROVIDERS',
      'createTranslator',
      'defineNatterComments',
      'isNatterError',
      'mount',
    ]);
  });

  it('exports functions and classes, not placeholders', () => {
    expect(typeof natter.mount).toBe('function');
    expect(typeof natter.defineNatterComments).toBe('function');
    expect(new natter.NatterError('network', 'x')).toBeInstanceOf(Error);
    expect(natter.isNatterError(new natter.NatterError('server', 'x'))).toBe(true);
    expect(natter.createTranslator('en').t('Reply')).toBe('Reply');
  });
});

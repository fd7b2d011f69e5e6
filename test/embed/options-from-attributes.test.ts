import { describe, expect, it } from 'vitest';
import { optionsFromAttributes } from '../../src/embed/options-from-attributes';

const from = (attributes: Record<string, string>) => optionsFromAttributes((name) => attributes[name] ?? null);

describe('optionsFromAttributes', () => {
  it('reads every option from its attribute', () => {
    expect(from({
      'page-id': '/p', title: 'T', url: 'https://blog.example/p', lang: 'fr', theme: 'dark',
      'max-depth': '2', sort: 'newest', 'page-size': '20',
    })).toEqual({
      pageId: '/p', pageTitle: 'T', pageUrl: 'https://blog.example/p', lang: 'fr', theme: 'dark',
      maxDepth: 2, sort: 'newest', pageSize: 20,
    });
  });

  it('leaves missing, empty and invalid values undefined so the defaults apply', () => {
    const defined = (options: object) => Object.entries(options).filter(([, value]) => value !== undefined);
    expect(defined(from({}))).toEqual([]);
    expect(defined(from({ 'page-id': '', theme: 'neon', sort: 'random', 'max-depth': '-1', 'page-size': 'lots' }))).toEqual([]);
  });
});

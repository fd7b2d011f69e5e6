// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, createDraftStore, draftKey, parseDraft } from '../../src/ui/draft-store';
import { newIdempotencyKey } from '../../src/ui/form-key';

const typed = { ...EMPTY_DRAFT, body: 'Hello', name: 'Ada', email: 'ada@example.org', idempotencyKey: 'k-1' };

function throwingStorage(): Storage {
  const fail = () => {
    throw new DOMException('denied', 'SecurityError');
  };
  return { getItem: fail, setItem: fail, removeItem: fail, clear: fail, key: fail, length: 0 };
}

afterEach(() => localStorage.clear());

describe('draft store', () => {
  it('restores a saved draft in a new store for the same page', () => {
    createDraftStore('/post', null).save(typed);
    expect(createDraftStore('/post', null).load()).toEqual(typed);
  });

  it('keeps drafts of different pages and reply parents apart', () => {
    createDraftStore('/post', null).save(typed);
    createDraftStore('/post', 'c1').save({ ...typed, body: 'A reply' });
    expect(createDraftStore('/other', null).load()).toBeNull();
    expect(createDraftStore('/post', 'c1').load()?.body).toBe('A reply');
    expect(createDraftStore('/post', null).load()?.body).toBe('Hello');
  });

  it('does not confuse a page id containing the separator with a reply key', () => {
    expect(draftKey('a:b', null)).not.toBe(draftKey('a', 'b'));
  });

  it('remembers that a post made offline is waiting to be sent', () => {
    createDraftStore('/post', null).save({ ...typed, queued: true });
    expect(createDraftStore('/post', null).load()).toEqual({ ...typed, queued: true });
  });

  it('forgets the draft when cleared', () => {
    const store = createDraftStore('/post', null);
    store.save(typed);
    store.clear();
    expect(store.load()).toBeNull();
  });

  it('removes the entry instead of storing an empty draft', () => {
    const store = createDraftStore('/post', null);
    store.save(typed);
    store.save(EMPTY_DRAFT);
    expect(localStorage.length).toBe(0);
  });

  it('treats malformed stored values as no draft', () => {
    expect(parseDraft('not json')).toBeNull();
    expect(parseDraft('null')).toBeNull();
    expect(parseDraft('42')).toBeNull();
    expect(parseDraft('{"body":7,"name":"Ada","idempotencyKey":""}')).toEqual({ ...EMPTY_DRAFT, name: 'Ada' });
    expect(parseDraft('{"body":"Hi","queued":"yes"}')).toEqual({ ...EMPTY_DRAFT, body: 'Hi' });
  });

  it('never throws when storage throws on every access', () => {
    const store = createDraftStore('/post', null, throwingStorage);
    expect(() => store.save(typed)).not.toThrow();
    expect(store.load()).toBeNull();
    expect(() => store.clear()).not.toThrow();
  });

  it('never throws when merely reaching storage throws', () => {
    const store = createDraftStore('/post', null, () => {
      throw new DOMException('The document is sandboxed', 'SecurityError');
    });
    expect(() => store.save(typed)).not.toThrow();
    expect(store.load()).toBeNull();
  });

  it('never throws when storage is full', () => {
    const full = { ...localStorage, getItem: () => null, removeItem: () => undefined,
      setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } } as unknown as Storage;
    expect(() => createDraftStore('/post', null, () => full).save(typed)).not.toThrow();
  });

  it('works without any storage', () => {
    const store = createDraftStore('/post', null, () => null);
    store.save(typed);
    expect(store.load()).toBeNull();
  });
});

describe('idempotency keys', () => {
  it('are different every time', () => {
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
  });

  it('are still made when randomUUID is missing', () => {
    const original = crypto.randomUUID;
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const key = newIdempotencyKey();
      expect(key).toMatch(/^[0-9a-f]{32}$/);
      expect(newIdempotencyKey()).not.toBe(key);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});

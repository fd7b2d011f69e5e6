import { describe, expect, it } from 'vitest';
import { JsonBytes, jsonBytes } from '../../src/http/json-bytes';

const encoder = new TextEncoder();
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const serialised = (value: unknown) => new JsonBytes(encoder.encode(JSON.stringify(value)));

describe('jsonBytes', () => {
  it('writes what JSON.stringify writes when nothing is serialised already', () => {
    for (const value of [{ a: 1, b: [null, 'é'], c: undefined }, [1, 2], 'x', 3, null, new Date(0)]) {
      expect(text(jsonBytes(value))).toBe(JSON.stringify(value));
    }
  });

  it('puts serialised values in as they are, in the object\'s key order, leaving out what JSON leaves out', () => {
    const page = { comments: [{ id: '1', bodyHtml: '<p>"é"</p>' }], total: 1 };
    const value = { config: { a: 1 }, skipped: undefined, page: serialised(page), fn: () => 1, likes: { count: 0 }, last: serialised([]) };
    expect(text(jsonBytes(value))).toBe(JSON.stringify({ config: { a: 1 }, page, likes: { count: 0 }, last: [] }));
    expect(text(jsonBytes({ only: serialised(page) }))).toBe(JSON.stringify({ only: page }));
    expect(text(jsonBytes(serialised(page)))).toBe(JSON.stringify(page));
  });
});

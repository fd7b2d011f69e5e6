import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/http/api-error';
import { parseStrictJson } from '../../src/http/strict-json';

const parse = (text: string) => parseStrictJson(new TextEncoder().encode(text));

describe('parseStrictJson', () => {
  it('parses what JSON.parse parses, for well-formed documents', () => {
    for (const text of ['{}', '[]', '{"a":[1,-2.5e3,true,false,null,"x\\n\\u00e9\\ud83d\\ude00"]}', ' {"a" : {"b" : [ ] } } ', '"s"', '0', '-0.5']) {
      expect(parse(text)).toEqual(JSON.parse(text));
    }
  });

  it('rejects duplicate and forbidden keys, deep nesting, bad syntax and oversized input', () => {
    for (const text of ['{"a":1,"a":2}', '{"__proto__":{}}', '{"constructor":1}', '{"x":{"prototype":1}}', '[[[[[[[[[1]]]]]]]]]',
      '{', '[1,]', '{"a":1,}', '01', '1.', '.5', '+1', 'tru', '"\\q"', '"a', '{"a" 1}', "{'a':1}", '1 2', '\u00a0{}']) {
      expect(() => parse(text), text).toThrow(ApiError);
    }
    expect(() => parseStrictJson(new Uint8Array(70_000).fill(0x20))).toThrow(/larger than/);
  });

  it('never builds objects with a polluted prototype', () => {
    const value = parse('{"a":{"b":1}}');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).b).toBeUndefined();
  });
});

import { ApiError } from './api-error';

/** Limits for {@link parseStrictJson}. */
export interface StrictJsonLimits {
  /** @default 65536 */
  maxBytes: number;
  /** Deepest nesting of objects and arrays. @default 8 */
  maxDepth: number;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const DEFAULT_LIMITS: StrictJsonLimits = { maxBytes: 65_536, maxDepth: 8 };

/**
 * Parses a request body as strict JSON: valid UTF-8, at most `maxBytes`, no
 * duplicate keys, no `__proto__`/`constructor`/`prototype` keys, nesting at
 * most `maxDepth`. Objects come back as plain objects. Throws {@link ApiError}.
 */
export function parseStrictJson(bytes: Uint8Array, limits: Partial<StrictJsonLimits> = {}): unknown {
  const { maxBytes, maxDepth } = { ...DEFAULT_LIMITS, ...limits };
  if (bytes.byteLength > maxBytes) throw new ApiError(413, 'too_long', `The request body is larger than ${maxBytes} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new ApiError(400, 'invalid', 'The request body is not valid UTF-8', { cause });
  }
  return new Parser(text, maxDepth).parseDocument();
}

class Parser {
  private i = 0;
  constructor(private readonly s: string, private readonly maxDepth: number) {}

  parseDocument(): unknown {
    this.ws();
    const value = this.value(0);
    this.ws();
    if (this.i !== this.s.length) this.fail('unexpected data after the JSON value');
    return value;
  }

  private fail(what: string): never {
    throw new ApiError(400, 'invalid', `Malformed JSON: ${what} at position ${this.i}`);
  }

  private ws(): void {
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }

  private value(depth: number): unknown {
    const c = this.s[this.i];
    if (c === '{') return this.object(depth + 1);
    if (c === '[') return this.array(depth + 1);
    if (c === '"') return this.string();
    if (c === 't') return this.literal('true', true);
    if (c === 'f') return this.literal('false', false);
    if (c === 'n') return this.literal('null', null);
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    return this.fail(c === undefined ? 'unexpected end' : 'unexpected character');
  }

  private literal<T>(word: string, value: T): T {
    if (this.s.startsWith(word, this.i)) {
      this.i += word.length;
      return value;
    }
    return this.fail('unknown literal');
  }

  private number(): number {
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) return this.fail('bad number');
    this.i += m[0].length;
    const n = Number(m[0]);
    if (!Number.isFinite(n)) this.fail('number out of range');
    return n;
  }

  private string(): string {
    this.i++;
    let out = '';
    for (;;) {
      const start = this.i;
      while (this.i < this.s.length) {
        const code = this.s.charCodeAt(this.i);
        if (code === 0x22 || code === 0x5c || code < 0x20) break;
        this.i++;
      }
      out += this.s.slice(start, this.i);
      const c = this.s[this.i];
      if (c === '"') { this.i++; return out; }
      if (c === undefined) return this.fail('unterminated string');
      if (c !== '\\') return this.fail('control character in string');
      const e = this.s[this.i + 1];
      this.i += 2;
      if (e === 'u') {
        const hex = this.s.slice(this.i, this.i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad unicode escape');
        out += String.fromCharCode(parseInt(hex, 16));
        this.i += 4;
      } else {
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        const r = e === undefined ? undefined : map[e];
        if (r === undefined) this.fail('bad escape');
        out += r;
      }
    }
  }

  private object(depth: number): Record<string, unknown> {
    if (depth > this.maxDepth) this.fail('nested too deeply');
    this.i++;
    const entries = new Map<string, unknown>();
    this.ws();
    if (this.s[this.i] === '}') { this.i++; return {}; }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a key');
      const key = this.string();
      if (FORBIDDEN_KEYS.has(key)) throw new ApiError(400, 'invalid', `The key "${key}" is not allowed`);
      if (entries.has(key)) throw new ApiError(400, 'invalid', `The key "${key}" appears twice`);
      this.ws();
      if (this.s[this.i] !== ':') this.fail('expected ":"');
      this.i++;
      this.ws();
      entries.set(key, this.value(depth));
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') break;
      if (c !== ',') this.fail('expected "," or "}"');
    }
    // Forbidden keys are already rejected, so a plain object is safe to build.
    return Object.fromEntries(entries);
  }

  private array(depth: number): unknown[] {
    if (depth > this.maxDepth) this.fail('nested too deeply');
    this.i++;
    const items: unknown[] = [];
    this.ws();
    if (this.s[this.i] === ']') { this.i++; return items; }
    for (;;) {
      this.ws();
      items.push(this.value(depth));
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') break;
      if (c !== ',') this.fail('expected "," or "]"');
    }
    return items;
  }
}

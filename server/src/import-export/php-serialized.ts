/**
 * PHP's `serialize()` format for one flat array of strings and integers: how
 * WordPress stores an array in post meta and how its exporter writes it into
 * `wp:meta_value` — natter's WordPress plugin keeps each like that way
 * (`_natter_like`: liker, name, url, time). String lengths count UTF-8 bytes.
 */

/** `value` as PHP's `serialize()` writes an array of these keys and values. */
export function phpSerialize(value: Readonly<Record<string, string | number>>): string {
  const item = (v: string | number) => (typeof v === 'number' ? `i:${Math.trunc(v)};` : `s:${Buffer.byteLength(v)}:"${v}";`);
  const entries = Object.entries(value);
  return `a:${entries.length}:{${entries.map(([k, v]) => `${item(k)}${item(v)}`).join('')}}`;
}

/**
 * A flat PHP-serialized array of strings, integers, booleans and nulls, or null
 * when `text` is anything else (nested arrays, objects — which are never
 * unserialized — or a malformed value).
 */
export function phpUnserialize(text: string): Map<string, string | number> | null {
  const bytes = Buffer.from(text.trim());
  let at = 0;
  const expect = (s: string): boolean => {
    if (bytes.toString('latin1', at, at + s.length) !== s) return false;
    at += s.length;
    return true;
  };
  const digits = (end: string): number | null => {
    const stop = bytes.indexOf(end, at);
    if (stop < 0) return null;
    const raw = bytes.toString('latin1', at, stop);
    if (!/^-?\d{1,15}$/.test(raw)) return null;
    at = stop + end.length;
    return Number(raw);
  };
  const scalar = (): string | number | null | undefined => {
    if (expect('s:')) {
      const length = digits(':"');
      if (length === null || length < 0 || at + length + 2 > bytes.length) return undefined;
      const value = bytes.toString('utf8', at, at + length);
      at += length;
      return expect('";') ? value : undefined;
    }
    if (expect('i:')) return digits(';') ?? undefined;
    if (expect('b:')) {
      const b = digits(';');
      return b === 0 || b === 1 ? b : undefined;
    }
    return expect('N;') ? null : undefined;
  };
  if (!expect('a:')) return null;
  const count = digits(':{');
  if (count === null || count > 1000) return null;
  const out = new Map<string, string | number>();
  for (let i = 0; i < count; i++) {
    const key = scalar();
    const value = scalar();
    if (key === undefined || key === null || value === undefined) return null;
    if (value !== null) out.set(String(key), value);
  }
  return expect('}') && at === bytes.length ? out : null;
}

/**
 * A value of type `T` already serialised: the UTF-8 bytes of its JSON, as
 * `JSON.stringify` would write it. {@link jsonBytes} puts them in an answer
 * as they are, so a value written by the database is not parsed and
 * written again.
 */
export class JsonBytes<T> {
  /** Only marks which value the bytes are; never set. */
  declare readonly value?: T;

  constructor(readonly bytes: Uint8Array) {}
}

/** An object whose properties may each be given already serialised. */
export type WithJsonBytes<T> = { [K in keyof T]: T[K] | JsonBytes<T[K]> };

const encoder = new TextEncoder();

/**
 * The UTF-8 JSON of `value`, as `JSON.stringify` writes it, with
 * {@link JsonBytes} put in as they are: `value` itself, or a property of
 * the plain object `value`.
 * @example jsonBytes({ config, page: new JsonBytes(bytes) })
 */
export function jsonBytes(value: unknown): Uint8Array<ArrayBuffer> {
  if (value instanceof JsonBytes) return new Uint8Array(value.bytes);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype ||
    !Object.values(value).some((v) => v instanceof JsonBytes)) {
    return encoder.encode(JSON.stringify(value));
  }
  const parts: Uint8Array[] = [];
  let text = '{';
  for (const [key, v] of Object.entries(value)) {
    const json = v instanceof JsonBytes ? '' : (JSON.stringify(v) as string | undefined);
    // As JSON.stringify does: a property whose value has no JSON is left out.
    if (json === undefined) continue;
    text += `${text === '{' && parts.length === 0 ? '' : ','}${JSON.stringify(key)}:${json}`;
    if (v instanceof JsonBytes) {
      parts.push(encoder.encode(text), v.bytes);
      text = '';
    }
  }
  parts.push(encoder.encode(`${text}}`));
  return concat(parts);
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let length = 0;
  for (const p of parts) length += p.byteLength;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

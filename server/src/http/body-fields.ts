import { invalid } from './api-error';

/** A JSON object body with only `allowed` keys; anything else is a 400. */
export function objectWith(value: unknown, allowed: readonly string[], what: string): Record<string, unknown> {
  if (!isRecord(value)) throw invalid(`The ${what} must be a JSON object`);
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw invalid(`Unknown field "${key}" in the ${what}`, key);
  }
  return value;
}

/** True for a plain JSON object (not an array or null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `obj[key]` when present and not null, else `undefined`. */
export function optional(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) && obj[key] !== null ? obj[key] : undefined;
}

/** An optional boolean field. */
export function optionalBoolean(obj: Record<string, unknown>, key: string): boolean | undefined {
  const v = optional(obj, key);
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw invalid(`The ${key} must be true or false`, key);
  return v;
}

/** An optional non-negative integer field, at most `max`. */
export function optionalCount(obj: Record<string, unknown>, key: string, max: number): number | undefined {
  const v = optional(obj, key);
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) throw invalid(`The ${key} must be a whole number from 0 to ${max}`, key);
  return v;
}

/** An optional string field of at most `max` UTF-16 units. */
export function optionalString(obj: Record<string, unknown>, key: string, max: number): string | undefined {
  const v = optional(obj, key);
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalid(`The ${key} must be a string`, key);
  if (v.length > max) throw invalid(`The ${key} is too long`, key);
  return v;
}

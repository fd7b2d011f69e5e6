import type { Context } from 'hono';
import { ApiError, invalid } from './api-error';
import { readCapped } from './read-capped';
import { parseStrictJson } from './strict-json';

/** Largest request body the API reads, in bytes. */
export const MAX_BODY_BYTES = 65_536;

/**
 * The request body as strict JSON. Requires `Content-Type: application/json`
 * (415 otherwise), at most {@link MAX_BODY_BYTES} (413), and rejects anything
 * {@link parseStrictJson} rejects (400).
 */
export async function readJson(c: Context, options: { optional?: boolean } = {}): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  const length = c.req.header('content-length');
  if (options.optional && type === '' && (length === undefined || length === '0')) return {};
  if (!/^application\/json\s*(;\s*charset=("?)utf-8\2\s*)?$/i.test(type)) {
    throw new ApiError(415, 'invalid', 'Requests with a body must have Content-Type: application/json');
  }
  if (length !== undefined && (!/^[0-9]+$/.test(length) || Number(length) > MAX_BODY_BYTES)) {
    throw new ApiError(413, 'too_long', `The request body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  // With a Content-Length (checked above) the HTTP parser delivers exactly that many bytes, so the body is read
  // whole, which on Node skips the web stream; without one it is read as a stream and cut off at the limit.
  const bytes = length === undefined ? await readCapped(c.req.raw, MAX_BODY_BYTES) : new Uint8Array(await c.req.raw.arrayBuffer());
  if (bytes === null) throw new ApiError(413, 'too_long', `The request body is larger than ${MAX_BODY_BYTES} bytes`);
  if (bytes.byteLength === 0) throw invalid('The request body is empty');
  return parseStrictJson(bytes, { maxBytes: MAX_BODY_BYTES });
}

/** Where query parameters are read from: a request, or all of its parameters parsed once ({@link queryParams}). */
export type QuerySource = Context | { readonly params: Record<string, string[]> };

/** Every query parameter of the request, parsed once, for reading several with {@link queryOne} and {@link queryOptional}. */
export function queryParams(c: Context): { readonly params: Record<string, string[]> } {
  return { params: c.req.queries() };
}

function queryValues(source: QuerySource, name: string): string[] {
  return ('params' in source ? source.params[name] : source.req.queries(name)) ?? [];
}

/** A required single query parameter (repeated or missing → 400). */
export function queryOne(source: QuerySource, name: string): string {
  const all = queryValues(source, name);
  if (all.length !== 1 || all[0] === undefined) throw invalid(`The query parameter "${name}" is required once`, name);
  return all[0];
}

/** An optional single query parameter (repeated → 400). */
export function queryOptional(source: QuerySource, name: string): string | undefined {
  const all = queryValues(source, name);
  if (all.length > 1) throw invalid(`The query parameter "${name}" may appear only once`, name);
  return all[0] === '' ? undefined : all[0];
}

/** The bearer token of the `Authorization` header, `null` without one; malformed → 401. */
export function bearerToken(c: Context): string | null {
  const header = c.req.header('authorization');
  if (header === undefined) return null;
  const m = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  if (!m || m[1] === undefined) throw new ApiError(401, 'unauthorized', 'The Authorization header must be "Bearer <token>"');
  return m[1];
}

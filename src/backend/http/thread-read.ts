import { NatterError } from '../../model/errors';
import type { ErrorCode } from '../../protocol/error-codes';
import type { FirstRender, ListQuery } from '../backend';
import { toErrorBody, toThread } from './narrow';
import { randomHex } from '../../identity/random-hex';

/*
 * The first-paint read of the natter server, without ky: `GET /api/thread` as
 * a simple request (no custom header, so no CORS preflight), the visitor id in
 * the query. Everything else the http backend does loads with the interaction chunk.
 */

const VISITOR = /^[A-Za-z0-9_-]{16,128}$/;

/** The key under which the http backend keeps `slot` (`visitor`, `token`, `edit`) for the server at `base`. */
export const storageKey = (base: string, slot: string) => `natter:http:${base}:${slot}`;

/** Reads a stored value; `null` when absent or when the browser refuses storage. */
export function readSlot(storage: Storage | null, base: string, slot: string): string | null {
  try {
    return storage?.getItem(storageKey(base, slot)) ?? null;
  } catch {
    return null;
  }
}

/** This browser's visitor id for the server at `base`, created and kept on first use (in memory when storage refuses). */
export function visitorId(storage: Storage | null, base: string): string {
  const saved = readSlot(storage, base, 'visitor');
  if (saved !== null && VISITOR.test(saved)) return saved;
  const id = randomHex();
  try {
    storage?.setItem(storageKey(base, 'visitor'), id);
  } catch {
    // Private mode or a full quota: this page's life keeps the id.
  }
  return id;
}

/** The `GET /api/thread` (or `/api/comments`) URL for `query` as `visitor`. */
export function readUrl(base: string, path: string, query: ListQuery, visitor: string): string {
  const params = new URLSearchParams({ page: query.pageId });
  for (const key of ['sort', 'cursor', 'limit'] as const) if (query[key] != null) params.set(key, String(query[key]));
  params.set('visitor', visitor);
  return `${base}/${path}?${params}`;
}

/**
 * Fetches config, first page and likes in one request. A session token, when
 * the reader has one, goes in the `Authorization` header (never in a URL):
 * only signed-in readers pay a preflight.
 */
export async function readThread(base: string, query: ListQuery, visitor: string, token: string | null, fetchFn = globalThis.fetch): Promise<FirstRender> {
  const { signal } = query;
  const fail = (code: ErrorCode, why: string, cause?: unknown) => new NatterError(code, `loadThread: ${why}`, { cause });
  let response: Response;
  try {
    response = await fetchFn(readUrl(base, 'api/thread', query, visitor), {
      signal, ...(token === null ? {} : { headers: { authorization: `Bearer ${token}` } }),
    });
  } catch (cause) {
    throw fail(signal?.aborted ? 'cancelled' : 'network', 'server unreachable', cause);
  }
  let value: unknown = null;
  try {
    value = await response.json();
  } catch (cause) {
    if (response.ok) throw fail('server', 'answer unreadable', cause);
  }
  if (!response.ok) {
    const { status } = response;
    const body = toErrorBody(value);
    // The server answers every error with a code; a proxy's bare status is only `invalid` or `server`.
    throw fail(body?.code ?? (status < 500 ? 'invalid' : 'server'), `${body?.message ?? 'refused'} (→ ${status})`);
  }
  try {
    return toThread(value);
  } catch (cause) {
    throw fail('server', 'unexpected answer', cause);
  }
}

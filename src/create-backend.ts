import type { Backend } from './backend/backend';
import { HttpBackend } from './backend/http';
import { MemoryBackend } from './backend/memory';
import { NatterError } from './model/errors';

/** localStorage when the browser lets the page use it (sandboxed frames and some privacy modes don't). */
function localStorageOrNull(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** `spec` resolved against the page (`/` is this site's own server), when it is http(s). */
function serverUrl(spec: string): string | null {
  try {
    const url = new URL(spec, document.baseURI);
    return spec && (url.protocol === 'http:' || url.protocol === 'https:') ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The backend named by a `data-backend` / `backend` attribute: `memory` keeps
 * comments in this browser's localStorage (an offline demo); an http(s) URL,
 * absolute or relative to the page, is a natter server.
 */
export function createBackend(spec: string): Backend {
  const trimmed = spec.trim();
  if (trimmed === 'memory') return new MemoryBackend({ storage: localStorageOrNull() });
  const url = serverUrl(trimmed);
  if (url) return new HttpBackend({ baseUrl: url });
  throw new NatterError('invalid', `natter: backend must be "memory" or an http(s) URL, got ${JSON.stringify(spec)}`);
}

import type { Backend } from '../backend/backend';
import { NatterError } from '../model/errors';

/*
 * Backend factories without the npm build's HttpBackend, which must stay out
 * of the script-tag bundle's module graph (`create-backend.ts` adds it for the
 * other entry points).
 */

/**
 * One kind of backend a `backend` / `data-backend` attribute can name: `create`
 * answers `null` when the value is not of its kind. Each entry point passes
 * the kinds it ships, so the script-tag bundle links only the http one.
 */
export interface BackendFactory {
  /** What the attribute looks like, for the error message, e.g. `an http(s) URL`. */
  readonly accepts: string;
  create(spec: string): Backend | null;
}

/**
 * `spec` resolved against the page when it is an http(s) URL or a path (`/` is
 * this site's own server). A bare word (`memory`, `comments.example.com`) is not
 * taken for a relative path.
 */
function serverUrl(spec: string): string | null {
  try {
    const url = new URL(spec, document.baseURI);
    return /^(https?:|[/.])/i.test(spec) && /^https?:$/.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** A factory for natter servers' URLs, absolute or a path on the page's own site, whose backends `make` builds. */
export function httpFactory(make: (baseUrl: string) => Backend): BackendFactory {
  return {
    accepts: 'an http(s) URL',
    create: (spec) => {
      const url = serverUrl(spec);
      return url ? make(url) : null;
    },
  };
}

/** The backend named by a `data-backend` / `backend` attribute: the first of `factories` that knows it. */
export function createBackend(spec: string, factories: readonly BackendFactory[]): Backend {
  const trimmed = spec.trim();
  for (const factory of factories) {
    const backend = factory.create(trimmed);
    if (backend) return backend;
  }
  const kinds = factories.map((f) => f.accepts).join(' or ');
  throw new NatterError('invalid', `natter: backend must be ${kinds}, got ${JSON.stringify(spec)}`);
}

import { HttpBackendCore } from './http-core';
import type { HttpBackendOptions } from './http-core';
import { toCounts } from './narrow';

export type { HttpBackendOptions, LiveSource } from './http-core';

/**
 * A {@link Backend} that talks to a natter server over HTTP and Server-Sent
 * Events. It implements the whole contract: edit tokens of guest comments and
 * the session token are kept in `storage`, scoped to this server, and only
 * ever sent in headers to its `/api/` — never in a URL. The provider sign-in
 * code is imported on first use (a chunk of its own for bundlers).
 *
 * @example
 * const backend = new HttpBackend({ baseUrl: 'https://comments.example.com' });
 * mount(element, { backend });
 */
export class HttpBackend extends HttpBackendCore {
  constructor(options: HttpBackendOptions) {
    super({
      ...options,
      loadSignIn: options.loadSignIn ?? (() => import('../../identity/sign-in-flow')),
    });
  }

  async countComments(pageIds: string[], signal?: AbortSignal): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    const ids = [...new Set(pageIds)];
    // The server answers at most 100 pages per request.
    for (let i = 0; i < ids.length; i += 100) {
      const query = ids.slice(i, i + 100).map((id) => `page=${encodeURIComponent(id)}`).join('&');
      Object.assign(counts, await this.json('countComments', `api/counts?${query}`, toCounts, { signal }));
    }
    return counts;
  }
}

import ky, { type KyInstance } from 'ky';
import { NatterError } from '../../model/errors';
import { wordPressError } from './wordpress-error';

/** Options for {@link WordPressApi}. */
export interface WordPressApiOptions {
  /**
   * The WordPress site's address (`https://blog.example`), or its REST API root
   * (`…/wp-json/` or `…/?rest_route=/`) when it is not at the usual place.
   */
  siteUrl: string;
  /** The fetch to send requests with (tests hand in one that sets `Origin`). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Milliseconds before a request gives up with `timeout`. @default 15000 */
  timeout?: number;
}

/** Query parameters, repeatable (`pages[]`). */
export type Query = ReadonlyArray<readonly [string, string | number]>;

/** A successful answer: the JSON body, still unchecked, and the headers (`X-WP-Total`…). */
export interface ApiAnswer {
  body: unknown;
  headers: Headers;
}

/** How the site's REST API is reached, and what natter's plugin said (`null` without the plugin). */
export interface Discovery {
  url: (route: string, query?: Query) => string;
  plugin: unknown;
}

/** Per-request extras. */
export interface RequestOptions {
  signal?: AbortSignal | undefined;
  headers?: Record<string, string>;
}

/**
 * A WordPress site's REST API over ky (timeouts, retries of idempotent
 * requests). It finds the API itself: `/wp-json/` when the site has pretty
 * permalinks, `?rest_route=` when it has not. Errors come out as
 * {@link NatterError}s.
 */
export class WordPressApi {
  readonly #site: string;
  readonly #ky: KyInstance;
  #discovery: Promise<Discovery> | undefined;

  constructor(options: WordPressApiOptions) {
    this.#site = options.siteUrl;
    this.#ky = ky.create({
      timeout: options.timeout ?? 15_000,
      throwHttpErrors: false,
      retry: { limit: 2 },
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** Finds the API and natter's plugin, once; a failed attempt is tried again next time. */
  discover(signal?: AbortSignal): Promise<Discovery> {
    const found = (this.#discovery ??= this.#find(signal));
    found.catch(() => {
      if (this.#discovery === found) this.#discovery = undefined;
    });
    return found;
  }

  /** GET `route`; rejects with a NatterError for an error answer. */
  async get(operation: string, route: string, query: Query, options: RequestOptions = {}): Promise<ApiAnswer> {
    const { url } = await this.discover(options.signal);
    return this.#send(operation, url(route, query), { method: 'get', ...options });
  }

  /** POST `json` to `route`; rejects with a NatterError for an error answer. */
  async post(operation: string, route: string, json: object, options: RequestOptions = {}): Promise<ApiAnswer> {
    const { url } = await this.discover(options.signal);
    return this.#send(operation, url(route), { method: 'post', json, ...options });
  }

  async #send(
    operation: string, url: string,
    init: { method: 'get' | 'post'; json?: object; signal?: AbortSignal | undefined; headers?: Record<string, string> },
  ): Promise<ApiAnswer> {
    const { signal, ...rest } = init;
    let response: Response;
    try {
      response = await this.#ky(url, { ...rest, ...(signal ? { signal } : {}) });
    } catch (error) {
      throw requestError(operation, error);
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) throw wordPressError(operation, response.status, body);
    return { body, headers: response.headers };
  }

  async #find(signal?: AbortSignal): Promise<Discovery> {
    const given = new URL(this.#site);
    const plainGiven = given.searchParams.has('rest_route');
    const site = given.origin + given.pathname.replace(/\/(wp-json\/?)?$/, '').replace(/\/index\.php$/, '');
    const pretty = (route: string, query: Query = []) => withQuery(`${site}/wp-json${route}`, query);
    const plain = (route: string, query: Query = []) => withQuery(`${site}/?rest_route=${encodeURIComponent(route)}`, query);
    for (const url of plainGiven ? [plain] : [pretty, plain]) {
      let response: Response;
      try {
        response = await this.#ky(url('/natter/v1/config'), signal ? { signal } : {});
      } catch (error) {
        throw requestError('discover', error);
      }
      if (!/json/i.test(response.headers.get('content-type') ?? '')) continue;
      const body: unknown = await response.json().catch(() => null);
      return { url, plugin: response.ok ? body : null };
    }
    throw new NatterError('network', `discover: no WordPress REST API at ${this.#site}`);
  }
}

function withQuery(url: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of query) params.append(name, String(value));
  const search = params.toString();
  return search ? `${url}${url.includes('?') ? '&' : '?'}${search}` : url;
}

/** The NatterError for a request that got no answer: aborted, timed out, or the network failed. */
function requestError(operation: string, error: unknown): NatterError {
  const name = Reflect.get(Object(error), 'name');
  if (name === 'AbortError') return new NatterError('cancelled', `${operation}: cancelled`, { cause: error });
  if (name === 'TimeoutError') return new NatterError('timeout', `${operation}: WordPress did not answer in time`, { cause: error });
  return new NatterError('network', `${operation}: WordPress could not be reached`, { cause: error });
}

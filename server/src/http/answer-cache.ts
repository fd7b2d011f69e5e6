import type { Context } from 'hono';
import { ByteLru } from './byte-lru';
import { EncodedBody, matchesEtag, pickEncoding } from './encoded-body';
import { jsonBytes } from './json-bytes';

/** Headers of an answer besides its coding and ETag. */
export interface AnswerHeaders {
  /** @default 'application/json' */
  contentType?: string;
  /** @default 'no-cache' */
  cacheControl?: string;
  /** Request headers the answer depends on, besides `Accept-Encoding`. */
  vary?: string;
}

/**
 * Sends `body` in the coding the request accepts, with its ETag, or a 304
 * when `If-None-Match` names it. Every header, the request's common ones
 * included (`commonHeaders`, see `responseHeaders`), goes in one record, so
 * @hono/node-server writes the bytes without building a web `Response` or
 * `Headers`.
 */
export function sendEncoded(c: Context, body: EncodedBody, headers: AnswerHeaders = {}): Response {
  const encoding = body.encodingFor(pickEncoding(c.req.header('accept-encoding')));
  const etag = body.etagFor(encoding);
  const out = answerHeaders(c, etag, headers);
  if (matchesEtag(c.req.header('if-none-match'), [body.etag, etag])) return new Response(null, { status: 304, headers: out });
  if (encoding !== 'identity') out['Content-Encoding'] = encoding;
  return new Response(body.bytes(encoding), { status: 200, headers: out });
}

function answerHeaders(c: Context, etag: string, headers: AnswerHeaders): Record<string, string> {
  const vary = headers.vary === undefined ? 'Accept-Encoding' : `${headers.vary}, Accept-Encoding`;
  const out: Record<string, string> = {
    'Content-Type': headers.contentType ?? 'application/json',
    'Cache-Control': headers.cacheControl ?? 'no-cache',
    'Vary': vary,
    'ETag': etag,
  };
  const common = c.get('commonHeaders');
  if (common !== undefined) {
    Object.assign(out, common.headers);
    if (common.vary !== null) out['Vary'] = `${vary}, ${common.vary}`;
    common.sent = true;
  }
  return out;
}

/**
 * Ready answers of GET routes, kept compressed and bounded in bytes: any
 * route whose answer is a function of a key (a page's version, the query,
 * the viewer) answers from here, and builds, serialises and compresses an
 * answer once per key and coding.
 * @example
 * const answers = new AnswerCache(32 << 20);
 * app.get('/api/thing', (c) => answers.json(c, `thing:${version}`, () => `W/"${version}"`, () => load(), { vary: 'Authorization' }));
 */
export class AnswerCache {
  private readonly lru: ByteLru<EncodedBody>;
  /** Entries whose codings are being made smaller. */
  private readonly refining = new WeakSet<EncodedBody>();

  /** @param maxBytes the memory the kept bytes (every coding) may take; 0 keeps nothing. */
  constructor(maxBytes: number) {
    this.lru = new ByteLru<EncodedBody>(maxBytes, (b) => b.size + 2 * b.etag.length);
  }

  /**
   * Answers with the JSON kept under `key`, or makes it: `etagOf` names the
   * answer without building it (a revalidation that matches costs nothing
   * more), `make` builds the value to serialise (parts of it may come
   * serialised already, see `jsonBytes`).
   */
  async json(c: Context, key: string, etagOf: () => string, make: () => Promise<unknown>, headers: AnswerHeaders = {}): Promise<Response> {
    const kept = this.lru.get(key);
    if (kept !== undefined) {
      const before = kept.size;
      const res = sendEncoded(c, kept, headers);
      if (kept.size !== before) this.lru.resize(key);
      this.refineLater(key, kept);
      return res;
    }
    const etag = etagOf();
    const inm = c.req.header('if-none-match');
    if (inm !== undefined) {
      // Which coding the client's copy is in does not matter: the version is the same.
      const codings = (['br', 'gzip'] as const).map((e) => `${etag.slice(0, -1)}-${e}"`);
      const known = [etag, ...codings].find((t) => matchesEtag(inm, [t]));
      if (known !== undefined) return new Response(null, { status: 304, headers: answerHeaders(c, known, headers) });
    }
    const identity = jsonBytes(await make());
    // An answer that will not be kept (no cache, or one larger than it) is
    // compressed for its one reader: the fastest coding, some 15% larger.
    const body = new EncodedBody(identity, etag, identity.byteLength < this.lru.maxBytes ? 'fast' : 'fastest');
    const res = sendEncoded(c, body, headers);
    this.lru.set(key, body);
    return res;
  }

  /**
   * An answer asked for twice is likely to be asked for again: after this
   * request, compress it once more at `small`, so every later reader gets
   * fewer bytes, while its first reader did not wait for that.
   */
  private refineLater(key: string, body: EncodedBody): void {
    if (this.refining.has(body)) return;
    this.refining.add(body);
    setImmediate(() => {
      if (body.refine('small')) this.lru.resize(key);
    });
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.lru.bytes;
  }
}

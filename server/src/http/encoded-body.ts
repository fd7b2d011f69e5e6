import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** A content coding natter sends. */
export type Encoding = 'br' | 'gzip' | 'identity';

/** Bodies smaller than this go out as they are: compressing them saves less than its headers cost. */
export const MIN_COMPRESSED_BYTES = 512;

/**
 * The coding to answer an `Accept-Encoding` with: brotli, then gzip, else
 * identity. A coding with `q=0` is refused; other weights only rank the two.
 * @example pickEncoding('gzip, deflate, br') // 'br'
 */
export function pickEncoding(accept: string | undefined): Encoding {
  if (accept === undefined || accept === '') return 'identity';
  let br = -1;
  let gzip = -1;
  let star = -1;
  for (const part of accept.split(',')) {
    const [name = '', ...params] = part.split(';');
    const coding = name.trim().toLowerCase();
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
      if (m) q = Number(m[1]);
    }
    if (!Number.isFinite(q)) q = 0;
    if (coding === 'br') br = q;
    else if (coding === 'gzip' || coding === 'x-gzip') gzip = q;
    else if (coding === '*') star = q;
  }
  if (br < 0) br = star;
  if (gzip < 0) gzip = star;
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return 'identity';
}

/**
 * How hard to compress: `fastest` for answers sent once and not kept, `fast`
 * for answers made per request and kept, `small` for answers kept and served
 * again, `max` for files compressed once.
 */
export type Effort = 'fastest' | 'fast' | 'small' | 'max';

/**
 * Brotli quality and gzip level per effort. Measured on a 31 KB page of 66
 * comments: brotli 1 makes 6,584 bytes in half the time brotli 2 takes,
 * brotli 2 5,743 bytes in 0.17 ms, brotli 5 5,526 bytes in 0.53 ms, brotli
 * 11 5,013 bytes in 127 ms; gzip 1 6,508 bytes in 0.13 ms, gzip 6 6,021
 * bytes in 0.43 ms. (Brotli 3 and 4 are slower than 2 and no smaller on such
 * JSON.)
 */
const LEVELS: Record<Effort, { br: number; gzip: number }> = {
  fastest: { br: 1, gzip: 1 },
  fast: { br: 2, gzip: 1 },
  small: { br: 5, gzip: 6 },
  max: { br: 11, gzip: 9 },
};

const RANK: Record<Effort, number> = { fastest: 0, fast: 1, small: 2, max: 3 };

/** Compresses `bytes` with `encoding`. */
export function compress(bytes: Uint8Array, encoding: Encoding, effort: Effort): Uint8Array<ArrayBuffer> {
  if (encoding === 'identity') return new Uint8Array(bytes);
  const out = encoding === 'br'
    ? brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: LEVELS[effort].br,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
      },
    })
    : gzipSync(bytes, { level: LEVELS[effort].gzip });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength) as Uint8Array<ArrayBuffer>;
}

/**
 * One answer's bytes and its ETag, with each coding made the first time a
 * client asks for it and kept: a cache entry costs one compression per
 * coding, never one per request.
 */
export class EncodedBody {
  private readonly variants = new Map<Encoding, Uint8Array<ArrayBuffer>>();

  constructor(
    /** The uncompressed bytes. */
    readonly identity: Uint8Array<ArrayBuffer>,
    /** The strong or weak ETag of the identity bytes (codings get a suffix, as RFC 9110 asks). */
    readonly etag: string,
    private effort: Effort = 'fast',
  ) {
    this.variants.set('identity', identity);
  }

  /** The coding actually sent for a request accepting `encoding` (small bodies stay identity). */
  encodingFor(encoding: Encoding): Encoding {
    return this.identity.byteLength < MIN_COMPRESSED_BYTES ? 'identity' : encoding;
  }

  /** The bytes in `encoding` (after {@link encodingFor}). */
  bytes(encoding: Encoding): Uint8Array<ArrayBuffer> {
    let out = this.variants.get(encoding);
    if (out === undefined) {
      out = compress(this.identity, encoding, this.effort);
      this.variants.set(encoding, out);
    }
    return out;
  }

  /**
   * Compresses the codings made so far again at `effort`, when that is more
   * than they were made with: an answer kept for many readers is worth the
   * time its first reader should not wait for. The ETags stay (weak ETags
   * name the content, not the bytes). Returns true when anything changed.
   */
  refine(effort: Effort): boolean {
    if (RANK[effort] <= RANK[this.effort]) return false;
    this.effort = effort;
    let changed = false;
    for (const encoding of this.variants.keys()) {
      if (encoding === 'identity') continue;
      this.variants.set(encoding, compress(this.identity, encoding, effort));
      changed = true;
    }
    return changed;
  }

  /** The ETag of the bytes in `encoding`. */
  etagFor(encoding: Encoding): string {
    return encoding === 'identity' ? this.etag : `${this.etag.slice(0, -1)}-${encoding}"`;
  }

  /** Bytes held, every coding made so far included. */
  get size(): number {
    let n = 0;
    for (const v of this.variants.values()) n += v.byteLength;
    return n;
  }
}

/** True when an `If-None-Match` value names `etag` (weak comparison, as for GET). */
export function matchesEtag(ifNoneMatch: string | undefined, etags: readonly string[]): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const weak = (t: string) => (t.startsWith('W/') ? t.slice(2) : t);
  const wanted = etags.map(weak);
  return ifNoneMatch.split(',').some((t) => wanted.includes(weak(t.trim())));
}

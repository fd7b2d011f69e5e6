import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context } from 'hono';
import { sendEncoded } from './answer-cache';
import { ApiError } from './api-error';
import { EncodedBody } from './encoded-body';

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8', json: 'application/json; charset=utf-8', map: 'application/json', css: 'text/css; charset=utf-8',
};

/** A bundler's content-hashed file name (`chunk-Bk8If4-m.js`): its bytes never change under that name. */
export function isContentHashed(name: string): boolean {
  return /-[A-Za-z0-9_-]{8}\.(js|css)$/.test(name);
}

/**
 * The cache policy of a built file: content-hashed names are immutable for a
 * year; other names (`natter.iife.js`, which site owners embed by that name)
 * are fresh for five minutes, then revalidated by ETag.
 */
export function cachePolicy(name: string): string {
  return isContentHashed(name) ? 'public, max-age=31536000, immutable' : 'public, max-age=300, stale-while-revalidate=3600';
}

interface Held {
  body: EncodedBody;
  mtimeMs: number;
  size: number;
}

/**
 * Built files served from memory, each compressed once with brotli 11 and
 * gzip 9 when first read (or warmed at start) and kept until the file on
 * disk changes; strong ETags from the content.
 */
export class StaticFiles {
  private readonly held = new Map<string, Promise<Held>>();

  constructor(private readonly dir: string) {}

  /** Reads and compresses `names` now, so the first readers get them ready. Missing files are skipped. */
  async warm(names: readonly string[]): Promise<void> {
    await Promise.all(names.map((name) => this.load(name).catch(() => undefined)));
  }

  /** Answers with the file `name` (checked by the caller's route pattern), or 404. */
  async serve(c: Context, name: string, headers: { cacheControl?: string } = {}): Promise<Response> {
    const held = await this.load(name);
    const ext = name.slice(name.lastIndexOf('.') + 1);
    return sendEncoded(c, held.body, { contentType: TYPES[ext] ?? 'application/octet-stream', cacheControl: headers.cacheControl ?? cachePolicy(name) });
  }

  private async load(name: string): Promise<Held> {
    const path = join(this.dir, name);
    let info;
    try {
      info = await stat(path);
    } catch {
      this.held.delete(name);
      throw new ApiError(404, 'not_found', `${name} is not built (run npm run build)`);
    }
    const known = this.held.get(name);
    if (known !== undefined) {
      const held = await known.catch(() => null);
      if (held !== null && held.mtimeMs === info.mtimeMs && held.size === info.size) return held;
    }
    const loading = (async (): Promise<Held> => {
      const bytes = new Uint8Array(await readFile(path));
      const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
      const body = new EncodedBody(bytes, etag, 'max');
      // Compressed here, once, rather than on the first reader's request.
      body.bytes(body.encodingFor('br'));
      body.bytes(body.encodingFor('gzip'));
      return { body, mtimeMs: info.mtimeMs, size: info.size };
    })();
    this.held.set(name, loading);
    return loading;
  }
}

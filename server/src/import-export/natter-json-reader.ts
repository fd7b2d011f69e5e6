import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { COMMENT_STATUSES } from '../storage/storage';
import { ImportError } from './import-error';
import type { ImportRecord } from './import-record';

/** The first line's `natter` marker and the format version this reader knows. */
export const NATTER_JSON_VERSION = 1;

type Fields = Record<string, unknown>;

/** Field readers that name the line and field of anything malformed. */
function fieldsOf(value: unknown, line: number) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ImportError('each line must be a JSON object', line);
  const o = value as Fields;
  const bad = (key: string, want: string): never => {
    throw new ImportError(`"${key}" must be ${want}`, line);
  };
  const str = (key: string): string => {
    const v = o[key];
    return typeof v === 'string' ? v : bad(key, 'a string');
  };
  const strOrNull = (key: string): string | null => (o[key] === null || o[key] === undefined ? null : str(key));
  const num = (key: string): number => {
    const v = o[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : bad(key, 'a number');
  };
  const numOrNull = (key: string): number | null => (o[key] === null || o[key] === undefined ? null : num(key));
  return { o, str, strOrNull, num, numOrNull, bad };
}

/** Narrows one line of natter's JSON export to an import record, field by field. */
export function natterJsonRecord(value: unknown, line: number): ImportRecord | 'end' {
  const { o, str, strOrNull, num, numOrNull, bad } = fieldsOf(value, line);
  switch (o.type) {
    case 'page':
      return { kind: 'page', page: { pageId: str('pageId'), title: strOrNull('title'), url: strOrNull('url') } };
    case 'user':
      return {
        kind: 'user',
        user: {
          id: str('id'), provider: str('provider'), subject: str('subject'), name: str('name'), avatarUrl: strOrNull('avatarUrl'),
          profileUrl: strOrNull('profileUrl'), email: strOrNull('email'), createdAt: num('createdAt'),
        },
      };
    case 'avatar':
      return { kind: 'avatar', key: str('key'), email: strOrNull('email'), url: strOrNull('url') };
    case 'like':
      return {
        kind: 'like',
        like: {
          pageId: str('pageId'), likerKey: str('likerKey'), userId: strOrNull('userId'), name: str('name'), url: strOrNull('url'),
          email: strOrNull('email'), avatarKey: strOrNull('avatarKey'), provider: strOrNull('provider'), createdAt: num('createdAt'),
        },
      };
    case 'subscription': {
      const kind = str('kind');
      if (kind !== 'replies' && kind !== 'posts') return bad('kind', '"replies" or "posts"');
      return { kind: 'subscription', subscription: { kind, pageId: str('pageId'), email: str('email'), name: str('name'), createdAt: num('createdAt') } };
    }
    case 'comment': {
      const status = COMMENT_STATUSES.find((s) => s === o.status) ?? bad('status', `one of ${COMMENT_STATUSES.join(', ')}`);
      const format = o.format === 'html' || o.format === 'markdown' ? o.format : bad('format', '"html" or "markdown"');
      const parentId = strOrNull('parentId');
      return {
        kind: 'comment',
        comment: {
          source: str('source'), id: str('id'), parentId, ...(parentId === null ? {} : { parentSource: str('parentSource') }),
          page: { pageId: str('pageId'), title: null, url: null }, status,
          authorName: str('authorName'), authorEmail: strOrNull('authorEmail'), authorUrl: strOrNull('authorUrl'), ip: strOrNull('ip'),
          createdAt: num('createdAt'), body: str('body'), format, line,
          natter: {
            bodyHtml: str('bodyHtml'), contentHash: str('contentHash'), idempotencyKey: str('idempotencyKey'), userId: strOrNull('userId'),
            authorProvider: strOrNull('authorProvider'), avatarKey: strOrNull('avatarKey'), visitorHash: strOrNull('visitorHash'),
            editTokenHash: strOrNull('editTokenHash'), userAgent: strOrNull('userAgent'), editedAt: numOrNull('editedAt'),
          },
        },
      };
    }
    case 'end':
      return 'end';
    default:
      return bad('type', 'page, user, avatar, comment, like, subscription or end');
  }
}

/**
 * Reads natter's own export (JSON Lines: a header line, one record per line,
 * an `end` line) a line at a time, handing each line's records to `onRecords`.
 * A file without its `end` line is truncated: an error, so nothing is kept.
 */
export async function readNatterJson(
  file: string,
  onRecords: (records: ImportRecord[], bytesRead: number) => Promise<void>,
): Promise<void> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  let ended = false;
  let batch: ImportRecord[] = [];
  try {
    for await (const text of lines) {
      line++;
      if (ended) throw new ImportError('there is more after the "end" line', line);
      if (text.includes('\uFFFD')) throw new ImportError('bytes that are not UTF-8; natter writes its exports in UTF-8', line);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (cause) {
        throw new ImportError(`not JSON (${cause instanceof Error ? cause.message : 'parse error'}); was the file cut short?`, line, { cause });
      }
      if (line === 1) {
        const { o, num } = fieldsOf(value, line);
        if (o.natter !== 'export') throw new ImportError('this is not a natter JSON export (its first line has no "natter": "export")', line);
        if (num('version') !== NATTER_JSON_VERSION) throw new ImportError(`natter JSON export version ${String(o.version)} is not known here`, line);
        continue;
      }
      const record = natterJsonRecord(value, line);
      if (record === 'end') ended = true;
      else batch.push(record);
      if (batch.length >= 500) {
        await onRecords(batch, stream.bytesRead);
        batch = [];
      }
    }
  } finally {
    stream.destroy();
  }
  if (line === 0) throw new ImportError('the file is empty', null);
  if (!ended) throw new ImportError('the file stops before its "end" line: it is truncated', line);
  await onRecords(batch, stream.bytesRead);
}

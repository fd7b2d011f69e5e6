import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Selectable } from 'kysely';
import { randomToken } from '../http/crypto';
import type { KyselyStorage } from '../storage/kysely-storage';
import { toComment, toLike, toSubscription, toUser } from '../storage/rows';
import type { Database } from '../storage/schema';
import { natterJson, originOf } from './natter-json-writer';
import { WxrWriter } from './wxr-writer';

/** The formats `natter export` writes. */
export const EXPORT_FORMATS = ['wxr', 'disqus', 'json'] as const;
/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What to export. */
export interface ExportOptions {
  /** Only this page. @default every page */
  pageId?: string | null;
  /** The site the comments belong to: its name, and the origin page ids are paths on. */
  site: { title: string; url: string };
}

/** What an export wrote. */
export interface ExportSummary {
  pages: number;
  comments: number;
  likes: number;
}

type CommentRow = Selectable<Database['comments']>;

/** Writes `text`, waiting while the destination's buffer is full (memory stays flat on a slow pipe). */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** The page's comments with every parent before its replies (WordPress's importer links a reply only to a parent it has seen). */
function parentsFirst(rows: CommentRow[]): CommentRow[] {
  const children = new Map<number | null, CommentRow[]>();
  const ids = new Set(rows.map((r) => r.id));
  for (const row of rows) {
    const parent = row.parent_id !== null && ids.has(row.parent_id) ? row.parent_id : null;
    const list = children.get(parent) ?? [];
    list.push(row);
    children.set(parent, list);
  }
  const out: CommentRow[] = [];
  const stack = [...(children.get(null) ?? [])].reverse();
  while (stack.length > 0) {
    const row = stack.pop();
    if (row === undefined) break;
    out.push(row);
    stack.push(...[...(children.get(row.id) ?? [])].reverse());
  }
  return out;
}

/**
 * Writes natter's comments as a WordPress (WXR) file, Disqus's import file or
 * natter's own JSON Lines to `out`, a page at a time.
 * @example await exportComments(storage, 'wxr', process.stdout, { site: { title: 'Blog', url: 'https://blog.example' } });
 */
export async function exportComments(storage: KyselyStorage, format: ExportFormat, out: Writable, options: ExportOptions): Promise<ExportSummary> {
  const db = storage.db;
  const only = options.pageId ?? null;
  let pageQuery = db.selectFrom('comments').select('page_id').distinct();
  // Disqus's format has no likes; WordPress's carries them as natter's plugin stores them.
  if (format !== 'disqus') pageQuery = pageQuery.union(db.selectFrom('likes').select('page_id').distinct());
  const pageIds = (await pageQuery.execute()).map((r) => r.page_id).filter((p) => only === null || p === only).sort();
  const summary: ExportSummary = { pages: 0, comments: 0, likes: 0 };
  const instance = format === 'json' ? await storage.getOrCreateSetting('instance', () => randomToken(12)) : '';
  const site = options.site.url.replace(/\/+$/, '');
  const wxr = format === 'json' ? null : new WxrWriter(format === 'disqus' ? 'disqus' : 'wordpress');

  if (wxr) await write(out, wxr.head(options.site));
  else {
    await write(out, natterJson.header(instance, Date.now()));
    const users = await db.selectFrom('users').selectAll().where((eb) => eb.or([
      eb('id', 'in', db.selectFrom('comments').select('user_id').where('user_id', 'is not', null).where((w) => (only === null ? w.lit(true) : w('page_id', '=', only)))),
      eb('id', 'in', db.selectFrom('likes').select('user_id').where('user_id', 'is not', null).where((w) => (only === null ? w.lit(true) : w('page_id', '=', only)))),
    ])).orderBy('id').execute();
    for (const user of users) await write(out, natterJson.user(toUser(user)));
  }

  for (const [index, pageId] of pageIds.entries()) {
    const page = await db.selectFrom('pages').selectAll().where('page_id', '=', pageId).executeTakeFirst();
    const rows = parentsFirst(await db.selectFrom('comments').selectAll().where('page_id', '=', pageId).orderBy('id').execute());
    summary.pages++;
    summary.comments += rows.length;
    if (wxr) {
      const likes = format === 'wxr' ? (await db.selectFrom('likes').selectAll().where('page_id', '=', pageId).orderBy('created_at').orderBy('liker_key').execute()).map(toLike) : [];
      if (rows.length === 0 && likes.length === 0) continue;
      await write(out, wxr.itemStart({
        postId: index + 1, pageId, title: page?.title ?? pageId, link: page?.url ?? `${site}${pageId}`,
        date: [...rows.map((r) => Number(r.created_at)), ...likes.map((l) => l.createdAt)].reduce((min, t) => Math.min(min, t), Number.POSITIVE_INFINITY),
      }));
      for (const like of likes) await write(out, wxr.like(like));
      summary.likes += likes.length;
      for (const row of rows) {
        const comment = toComment(row);
        await write(out, wxr.comment({ comment, content: row.source_format === 'html' ? row.source : row.body_html }));
      }
      await write(out, wxr.itemEnd());
      continue;
    }
    await write(out, natterJson.page({ pageId, title: page?.title ?? null, url: page?.url ?? null }));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const avatarKeys = new Set<string>();
    for (const row of rows) {
      const parentRow = row.parent_id === null ? undefined : byId.get(row.parent_id);
      await write(out, natterJson.comment(row, parentRow ? originOf(parentRow, instance) : null, instance));
      if (row.avatar_key !== null) avatarKeys.add(row.avatar_key);
    }
    const likes = await db.selectFrom('likes').selectAll().where('page_id', '=', pageId).orderBy('liker_key').execute();
    for (const like of likes) {
      await write(out, natterJson.like(toLike(like)));
      if (like.avatar_key !== null) avatarKeys.add(like.avatar_key);
    }
    summary.likes += likes.length;
    const keys = [...avatarKeys];
    for (let i = 0; i < keys.length; i += 500) {
      const avatars = await db.selectFrom('avatars').selectAll().where('key', 'in', keys.slice(i, i + 500)).orderBy('key').execute();
      for (const avatar of avatars) await write(out, natterJson.avatar(avatar));
    }
  }

  if (wxr) await write(out, wxr.tail());
  else {
    let subs = db.selectFrom('subscriptions').selectAll().orderBy('id');
    if (only !== null) subs = subs.where('page_id', '=', only);
    for (const sub of await subs.execute()) await write(out, natterJson.subscription(toSubscription(sub)));
    await write(out, natterJson.end({ comments: summary.comments }));
  }
  return summary;
}

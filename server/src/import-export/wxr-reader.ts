import type { CommentStatus } from '../storage/storage';
import { ImportError } from './import-error';
import {
  authorName, emailOrNull, pageIdFromUrl, websiteOrNull, type ImportRecord, type ImportedComment, type ImportedPage,
} from './import-record';
import { phpUnserialize } from './php-serialized';
import { LIKE_META_KEY } from './wxr-writer';
import type { XmlHandler } from './xml-source';

/** Item fields the reader keeps (the post's body is never held). */
const ITEM_FIELDS = new Set(['title', 'link', 'guid', 'wp:post_id', 'wp:post_type', 'dsq:thread_identifier']);
const CHANNEL_FIELDS = new Set(['link', 'wp:base_site_url', 'wp:base_blog_url', 'wp:wxr_version']);

/** WordPress's `wp:comment_approved` values → natter's statuses (`post-trashed`: the post was trashed with it). */
const STATUSES: Record<string, CommentStatus> = {
  '1': 'approved', approve: 'approved', '0': 'pending', hold: 'pending', spam: 'spam', trash: 'deleted', 'post-trashed': 'deleted',
};

/** `YYYY-MM-DD HH:MM:SS` in UTC → epoch milliseconds, or null (WordPress writes zeros when it has no GMT date). */
export function wordpressDate(raw: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(raw.trim());
  if (!m || m[1] === '0000') return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(t) ? null : t;
}

/**
 * Reads a WordPress export (WXR 1.0–1.2, as WordPress 6.x writes it) into
 * import records: one page per `item` that has comments, one record per
 * `wp:comment`. Pingbacks and trackbacks are skipped with a reason. Also reads
 * the WXR variant Disqus imports (its `dsq:thread_identifier` names the page).
 */
export class WxrReader implements XmlHandler {
  /** Records read since the last {@link take}. */
  private records: ImportRecord[] = [];
  private channel = new Map<string, string>();
  private item = new Map<string, string>();
  private comment = new Map<string, string>();
  private meta = new Map<string, string>();
  private commentLine = 0;
  private page: ImportedPage | null = null;
  /** The item's comments, held until its end to be handed over oldest first. */
  private itemComments: ImportedComment[] = [];
  private sawRoot = false;

  /** The records read so far, handing them over. */
  take(): ImportRecord[] {
    const out = this.records;
    this.records = [];
    return out;
  }

  /** The source name comments are remembered under: the blog's address. */
  private source(): string {
    const site = this.channel.get('wp:base_blog_url') ?? this.channel.get('wp:base_site_url') ?? this.channel.get('link') ?? '';
    return `wxr:${site.trim().replace(/\/+$/, '')}`;
  }

  wantsText(path: readonly string[]): boolean {
    const name = path[path.length - 1] ?? '';
    const depth = path.length;
    if (depth === 3 && path[1] === 'channel') return CHANNEL_FIELDS.has(name);
    if (depth === 4 && path[2] === 'item') return ITEM_FIELDS.has(name);
    return depth === 5 && (path[3] === 'wp:comment' || path[3] === 'wp:postmeta');
  }

  open(name: string, _attributes: Record<string, string>, path: readonly string[], line: number): void {
    if (path.length === 1) {
      if (name !== 'rss') throw new ImportError(`this is not a WordPress export (WXR): its root element is <${name}>, not <rss>`, line);
      this.sawRoot = true;
    } else if (path.length === 3 && name === 'item') {
      this.item = new Map();
      this.page = null;
    } else if (path.length === 4 && name === 'wp:postmeta') {
      this.meta = new Map();
    } else if (path.length === 4 && name === 'wp:comment') {
      this.comment = new Map();
      this.commentLine = line;
    }
  }

  close(name: string, text: string, path: readonly string[], line: number): void {
    const depth = path.length;
    if (depth === 3 && path[1] === 'channel' && CHANNEL_FIELDS.has(name)) this.channel.set(name, text);
    else if (depth === 4 && path[2] === 'item' && ITEM_FIELDS.has(name)) this.item.set(name, text);
    else if (depth === 5 && path[3] === 'wp:comment') this.comment.set(name, text);
    else if (depth === 5 && path[3] === 'wp:postmeta') this.meta.set(name, text);
    else if (depth === 4 && name === 'wp:postmeta') this.readLike(line);
    else if (depth === 4 && name === 'wp:comment') this.readComment(line);
    else if (depth === 3 && name === 'item') this.endItem();
    else if (depth === 2 && name === 'channel' && !this.channel.has('wp:wxr_version')) {
      throw new ImportError('this RSS file has no <wp:wxr_version>: it is not a WordPress export', line);
    }
  }

  /** Checks that the whole document was a WXR file. */
  finish(): void {
    if (!this.sawRoot) throw new ImportError('the file has no <rss> element', null);
  }

  /**
   * Hands over the item's comments oldest first. WordPress writes them in the
   * order of its database (its exporter has no ORDER BY), and natter lists
   * threads and replies in the order they were stored, so a comment written
   * after a later one's id would otherwise show out of place.
   */
  private endItem(): void {
    const byDate = this.itemComments.sort((a, b) => a.createdAt - b.createdAt || Number(a.id) - Number(b.id));
    for (const comment of byDate) this.records.push({ kind: 'comment', comment });
    this.itemComments = [];
  }

  private pageOfItem(line: number): ImportedPage {
    if (this.page) return this.page;
    const link = this.item.get('link') ?? null;
    const identifier = this.item.get('dsq:thread_identifier')?.trim();
    const postId = this.item.get('wp:post_id')?.trim();
    const pageId = identifier || pageIdFromUrl(link) || (postId ? `/?p=${postId}` : null);
    if (pageId === null) throw new ImportError('an item with comments has neither a <link> nor a <wp:post_id>', line);
    const title = this.item.get('title')?.trim() || null;
    this.page = { pageId, title, url: link?.trim() || null };
    this.records.push({ kind: 'page', page: this.page });
    return this.page;
  }

  /** A `_natter_like` post meta (natter's WordPress plugin's likes); other post meta is not natter's. */
  private readLike(line: number): void {
    if (this.meta.get('wp:meta_key')?.trim() !== LIKE_META_KEY) return;
    const like = phpUnserialize(this.meta.get('wp:meta_value') ?? '');
    const liker = like?.get('liker');
    const time = like?.get('time');
    if (!like || typeof liker !== 'string' || liker === '' || typeof time !== 'number') {
      this.records.push({ kind: 'skip', id: `${LIKE_META_KEY} (line ${line})`, reason: 'likes not in the form natter’s plugin writes', line });
      return;
    }
    const name = String(like.get('name') ?? '').trim();
    this.records.push({
      kind: 'like',
      like: {
        // The plugin's liker is an HMAC of the reader's browser id; natter's own keys (u:, v:) come back as they left.
        pageId: this.pageOfItem(line).pageId, likerKey: /^[uv]:/.test(liker) ? liker : `wp:${liker}`, userId: null,
        name: name === '' ? '' : authorName(name), url: websiteOrNull(String(like.get('url') ?? '')), email: null,
        avatarKey: null, provider: null, createdAt: time * 1000,
      },
    });
  }

  private readComment(endLine: number): void {
    const f = (key: string) => this.comment.get(key)?.trim() ?? '';
    const id = f('wp:comment_id');
    const line = this.commentLine;
    if (!/^[0-9]+$/.test(id)) throw new ImportError(`a <wp:comment> has no numeric <wp:comment_id> ("${id}")`, line);
    const type = f('wp:comment_type');
    if (type !== '' && type !== 'comment') {
      this.records.push({ kind: 'skip', id, reason: `${type}s are not comments`, line });
      return;
    }
    const approved = f('wp:comment_approved');
    const status = STATUSES[approved];
    if (status === undefined) {
      this.records.push({ kind: 'skip', id, reason: `unknown status "${approved}"`, line });
      return;
    }
    const createdAt = wordpressDate(f('wp:comment_date_gmt')) ?? wordpressDate(f('wp:comment_date'));
    if (createdAt === null) {
      this.records.push({ kind: 'skip', id, reason: 'no valid date', line });
      return;
    }
    const parent = f('wp:comment_parent');
    this.itemComments.push({
      source: this.source(), id, parentId: parent === '' || parent === '0' ? null : parent, page: this.pageOfItem(endLine),
      status, authorName: authorName(this.comment.get('wp:comment_author') ?? ''),
      authorEmail: emailOrNull(f('wp:comment_author_email')), authorUrl: websiteOrNull(f('wp:comment_author_url')),
      ip: f('wp:comment_author_IP') || null, createdAt, body: this.comment.get('wp:comment_content') ?? '', format: 'html', line,
    });
  }
}

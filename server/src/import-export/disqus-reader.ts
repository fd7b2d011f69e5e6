import { ImportError } from './import-error';
import {
  authorName, emailOrNull, pageIdFromUrl, websiteOrNull, type ImportRecord, type ImportedPage,
} from './import-record';
import type { XmlHandler } from './xml-source';

const THREAD_FIELDS = new Set(['id', 'forum', 'link', 'title', 'isDeleted']);
const POST_FIELDS = new Set(['message', 'createdAt', 'isDeleted', 'isSpam', 'isApproved', 'ipAddress']);
const AUTHOR_FIELDS = new Set(['name', 'email', 'link', 'url']);

/** `dsq:id` of an element, tolerating exports written without the `dsq:` prefix. */
function dsqId(attributes: Record<string, string>): string | undefined {
  return attributes['dsq:id'] ?? attributes.id;
}

/** A post as read, before its thread is known. */
interface PostParts {
  id: string;
  line: number;
  thread: string | undefined;
  parent: string | undefined;
  fields: Map<string, string>;
  author: Map<string, string>;
}

/**
 * Reads a Disqus XML export (`<disqus>` with `<category>`, `<thread dsq:id>`
 * and `<post dsq:id>` elements, as Disqus documents it) into import records.
 * Disqus writes every thread before the posts that name it; a post whose
 * thread comes later (a file put together by hand or by another tool) waits
 * in memory for it, and one whose thread never comes is skipped with a
 * reason at the end. Disqus keeps no likes in its export.
 */
export class DisqusReader implements XmlHandler {
  private records: ImportRecord[] = [];
  private threads = new Map<string, { page: ImportedPage; forum: string }>();
  private announced = new Set<string>();
  /** Posts read before their thread, by the thread's id. */
  private waiting = new Map<string, PostParts[]>();
  private fields = new Map<string, string>();
  private author = new Map<string, string>();
  private current: { kind: 'thread' | 'post'; id: string; line: number; thread?: string; parent?: string } | null = null;
  private sawRoot = false;

  /** The records read so far, handing them over. */
  take(): ImportRecord[] {
    const out = this.records;
    this.records = [];
    return out;
  }

  wantsText(path: readonly string[]): boolean {
    const name = path[path.length - 1] ?? '';
    if (path.length === 3 && path[1] === 'thread') return THREAD_FIELDS.has(name);
    if (path.length === 3 && path[1] === 'post') return POST_FIELDS.has(name);
    return path.length === 4 && path[2] === 'author' && path[1] === 'post' && AUTHOR_FIELDS.has(name);
  }

  open(name: string, attributes: Record<string, string>, path: readonly string[], line: number): void {
    if (path.length === 1) {
      if (name !== 'disqus') throw new ImportError(`this is not a Disqus export: its root element is <${name}>, not <disqus>`, line);
      this.sawRoot = true;
      return;
    }
    if (path.length === 2 && (name === 'thread' || name === 'post')) {
      const id = dsqId(attributes);
      if (id === undefined || id === '') throw new ImportError(`a <${name}> has no dsq:id attribute`, line);
      this.current = { kind: name, id, line };
      this.fields = new Map();
      this.author = new Map();
    } else if (path.length === 3 && path[1] === 'post' && this.current) {
      if (name === 'thread') this.current.thread = dsqId(attributes);
      if (name === 'parent') this.current.parent = dsqId(attributes);
    }
  }

  close(name: string, text: string, path: readonly string[]): void {
    if (path.length === 3 && this.current) {
      if (this.wantsText(path)) this.fields.set(name, text);
    } else if (path.length === 4 && path[2] === 'author') {
      if (this.wantsText(path)) this.author.set(name, text);
    } else if (path.length === 2 && this.current && (name === 'thread' || name === 'post')) {
      if (name === 'thread') this.readThread();
      else this.readPost();
      this.current = null;
    }
  }

  /** Checks that the whole document was a Disqus export; posts still waiting for their thread are skipped. */
  finish(): void {
    if (!this.sawRoot) throw new ImportError('the file has no <disqus> element', null);
    for (const posts of this.waiting.values()) {
      for (const { id, line } of posts) this.records.push({ kind: 'skip', id, reason: 'its thread is not in the file', line });
    }
    this.waiting.clear();
  }

  private readThread(): void {
    const current = this.current;
    if (!current) return;
    const link = this.fields.get('link')?.trim() || null;
    const identifier = this.fields.get('id')?.trim();
    const pageId = pageIdFromUrl(link) ?? (identifier ? identifier : null);
    if (pageId === null) {
      this.records.push({ kind: 'skip', id: `thread ${current.id}`, reason: 'a thread without a link or identifier', line: current.line });
      return;
    }
    const page = { pageId, title: this.fields.get('title')?.trim() || null, url: link };
    const thread = { page, forum: this.fields.get('forum')?.trim() ?? '' };
    this.threads.set(current.id, thread);
    const early = this.waiting.get(current.id);
    this.waiting.delete(current.id);
    for (const post of early ?? []) this.postRecord(post, thread);
  }

  private readPost(): void {
    const current = this.current;
    if (!current) return;
    const post: PostParts = { id: current.id, line: current.line, thread: current.thread, parent: current.parent, fields: this.fields, author: this.author };
    const thread = post.thread === undefined ? undefined : this.threads.get(post.thread);
    if (thread !== undefined) this.postRecord(post, thread);
    else if (post.thread === undefined) this.records.push({ kind: 'skip', id: post.id, reason: 'its thread is not in the file', line: post.line });
    else {
      const early = this.waiting.get(post.thread);
      if (early) early.push(post);
      else this.waiting.set(post.thread, [post]);
    }
  }

  /** The records of `post` in `thread`: its page the first time, and the comment (or why it is skipped). */
  private postRecord(post: PostParts, thread: { page: ImportedPage; forum: string }): void {
    const { id, line, fields, author } = post;
    const createdAt = Date.parse(fields.get('createdAt')?.trim() ?? '');
    if (Number.isNaN(createdAt)) {
      this.records.push({ kind: 'skip', id, reason: 'no valid date', line });
      return;
    }
    const { page, forum } = thread;
    if (!this.announced.has(page.pageId)) {
      this.announced.add(page.pageId);
      this.records.push({ kind: 'page', page });
    }
    const yes = (key: string) => fields.get(key)?.trim() === 'true';
    const status = yes('isSpam') ? 'spam' : yes('isDeleted') ? 'deleted' : fields.get('isApproved')?.trim() === 'false' ? 'pending' : 'approved';
    this.records.push({
      kind: 'comment',
      comment: {
        source: `disqus:${forum}`, id, parentId: post.parent ?? null, page, status,
        authorName: authorName(author.get('name') ?? ''), authorEmail: emailOrNull(author.get('email') ?? null),
        authorUrl: websiteOrNull(author.get('link') ?? author.get('url') ?? null),
        ip: fields.get('ipAddress')?.trim() || null, createdAt, body: fields.get('message') ?? '', format: 'html', line,
      },
    });
  }
}

import { NatterError } from '../../model/errors';
import type { Comment, GuestIdentity, LikeSummary, SiteConfig } from '../../model/types';
import type { Backend, CommentPage, ListQuery, NewComment } from '../backend';
import { WordPressApi, type Discovery, type WordPressApiOptions } from './wordpress-api';
import { checkNewComment, WORDPRESS_LIMITS } from './wordpress-limits';
import { commentCounts, commentFromWordPress, likeSummary, pluginConfig, wordPressStatus, type PluginConfig } from './wordpress-narrow';
import { WordPressReader } from './wordpress-reader';

/** Options for {@link WordPressBackend}. */
export interface WordPressBackendOptions extends WordPressApiOptions {
  /**
   * Where the reader's own comments, held ones and liker id are remembered.
   * @default localStorage when the page may use it, else nothing (forgotten on reload)
   */
  storage?: Storage | null;
}

/** `X-WP-Total`-style header as a count. */
const header = (headers: Headers, name: string): number => Math.max(0, Number.parseInt(headers.get(name) ?? '0', 10) || 0);
const CURSOR = /^page:([1-9]\d{0,6})$/;
const COMMENT_FIELDS = ['_fields', 'id,post,parent,author_name,author_url,date_gmt,content,status'] as const;

function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * A {@link Backend} over a WordPress site's standard REST API
 * (`/wp/v2/comments`, `/wp/v2/posts`), with natter's WordPress plugin for guest
 * comments, likes and counts. Threads are posts, named by id or by URL.
 * WordPress has no guest sessions, editing or live updates, so this backend
 * offers none of them and the widget shows none.
 *
 * @example
 * mount(el, { backend: new WordPressBackend({ siteUrl: 'https://blog.example' }), pageId: 'https://blog.example/hello-world/' });
 */
export class WordPressBackend implements Backend {
  readonly #api: WordPressApi;
  readonly #reader: WordPressReader;
  readonly #posts = new Map<string, Promise<number | null>>();
  readonly #posting = new Map<string, Promise<Comment>>();
  readonly #site: string;
  #warned = false;

  constructor(options: WordPressBackendOptions) {
    this.#site = options.siteUrl;
    this.#api = new WordPressApi(options);
    this.#reader = new WordPressReader(options.storage === undefined ? defaultStorage() : options.storage, options.siteUrl);
  }

  async #plugin(signal?: AbortSignal): Promise<PluginConfig | null> {
    const { plugin }: Discovery = await this.#api.discover(signal);
    return plugin === null ? null : pluginConfig(plugin);
  }

  /** Guests may post when natter's plugin lets this page's site do so; likes come with the plugin. */
  async getConfig(signal?: AbortSignal): Promise<SiteConfig> {
    const plugin = await this.#plugin(signal);
    if (!plugin?.guests && !this.#warned) {
      // The reader sees "Comments cannot be posted from this page."; the site owner finds the reason here.
      this.#warned = true;
      console.warn(`natter: posting to ${this.#site} is off: ${plugin === null
        ? 'natter\'s WordPress plugin is not installed there'
        : plugin.originAllowed ? 'the site accepts comments from registered users only' : `its natter plugin does not list ${globalThis.location?.origin ?? 'this origin'}`}`);
    }
    return {
      providers: [],
      guests: plugin?.guests ?? false,
      requireNameEmail: plugin?.requireNameEmail ?? true,
      features: { likes: plugin !== null, notifyReplies: false, notifyPosts: false, edit: false, live: false },
      limits: WORDPRESS_LIMITS,
    };
  }

  /** The post `pageId` names: a post id, or a URL (or path) of the site; `null` when there is none. */
  #post(pageId: string, signal?: AbortSignal): Promise<number | null> {
    if (/^[1-9]\d{0,15}$/.test(pageId)) return Promise.resolve(Number(pageId));
    let found = this.#posts.get(pageId);
    if (!found) {
      found = this.#findPost(pageId, signal);
      this.#posts.set(pageId, found);
      found.catch(() => this.#posts.delete(pageId));
    }
    return found;
  }

  async #findPost(pageId: string, signal?: AbortSignal): Promise<number | null> {
    const { url: apiUrl, plugin } = await this.#api.discover(signal);
    const url = new URL(pageId, new URL(apiUrl('/')).origin);
    if (plugin !== null) {
      try {
        const { body } = await this.#api.get('resolve', '/natter/v1/resolve', [['url', url.href]], { signal });
        const id: unknown = Reflect.get(Object(body), 'id');
        if (typeof id === 'number' && Number.isInteger(id) && id > 0) return id;
      } catch (error) {
        if (!(error instanceof NatterError && error.code === 'not_found')) throw error;
      }
    }
    const byId = url.searchParams.get('p') ?? url.searchParams.get('page_id');
    if (byId && /^[1-9]\d{0,15}$/.test(byId)) return Number(byId);
    // Without the plugin: the last path segment is the slug under WordPress's usual permalinks.
    const slug = url.pathname.split('/').filter(Boolean).pop();
    if (!slug) return null;
    for (const type of ['posts', 'pages']) {
      const { body } = await this.#api.get('resolve', `/wp/v2/${type}`, [['slug', decodeURIComponent(slug)], ['_fields', 'id']], { signal });
      const id: unknown = Array.isArray(body) ? Reflect.get(Object(body[0]), 'id') : undefined;
      if (typeof id === 'number' && Number.isInteger(id) && id > 0) return id;
    }
    return null;
  }

  /**
   * A page of threads: top-level comments paged by WordPress (`X-WP-Total`,
   * `X-WP-TotalPages`), each with all its replies, plus this reader's comments
   * still held for moderation.
   */
  async listComments(query: ListQuery): Promise<CommentPage> {
    const { pageId, signal } = query;
    const limit = query.limit ?? 50;
    if (signal?.aborted) throw new NatterError('cancelled', 'listComments: cancelled');
    if (!pageId) throw new NatterError('invalid', 'listComments: pageId is empty');
    if (!Number.isInteger(limit) || limit < 1 || limit > WORDPRESS_LIMITS.pageSizeMax) {
      throw new NatterError('invalid', `listComments: limit must be 1..${WORDPRESS_LIMITS.pageSizeMax}`);
    }
    const cursor = query.cursor ?? null;
    const match = cursor === null ? null : CURSOR.exec(cursor);
    if (cursor !== null && !match) throw new NatterError('invalid', 'listComments: not a cursor of this backend');
    const page = match ? Number(match[1]) : 1;
    const post = await this.#post(pageId, signal);
    if (post === null) return { comments: [], nextCursor: null, total: 0 };

    const order = query.sort === 'newest' ? 'desc' : 'asc';
    const base = [['post', post], ['orderby', 'date_gmt'], COMMENT_FIELDS] as const;
    const [threads, replies] = await Promise.all([
      this.#api.get('listComments', '/wp/v2/comments', [...base, ['parent', 0], ['order', order], ['per_page', limit], ['page', page]], { signal }),
      this.#allReplies(post, pageId, signal),
    ]);
    const tops = listOf(threads.body).map((c) => this.#comment(c, pageId));
    const pages = header(threads.headers, 'X-WP-TotalPages');
    const seen = new Set([...tops, ...replies.comments].map((c) => c.id));
    const held = this.#reader.held(pageId, seen);
    const last = page >= pages;
    // Held threads are the newest: they go at the end of the last page, or the start of the first.
    const heldTops = held.filter((c) => c.parentId === null && (order === 'asc' ? last : page === 1));
    const roots = order === 'asc' ? [...tops, ...heldTops] : [...heldTops.reverse(), ...tops];
    const children = new Map<string, Comment[]>();
    for (const reply of [...replies.comments, ...held.filter((c) => c.parentId !== null)]) {
      const parentId = reply.parentId ?? '';
      children.set(parentId, [...(children.get(parentId) ?? []), reply]);
    }
    const comments: Comment[] = [];
    const walk = (comment: Comment) => {
      comments.push(comment);
      for (const child of children.get(comment.id) ?? []) walk(child);
    };
    roots.forEach(walk);
    return {
      comments,
      nextCursor: last ? null : `page:${page + 1}`,
      total: header(threads.headers, 'X-WP-Total') + replies.total,
    };
  }

  /** Every reply on `post`, oldest first (WordPress's list is flat: natter nests them). */
  async #allReplies(post: number, pageId: string, signal?: AbortSignal): Promise<{ comments: Comment[]; total: number }> {
    const comments: Comment[] = [];
    for (let page = 1; ; page++) {
      const { body, headers } = await this.#api.get('listComments', '/wp/v2/comments', [
        ['post', post], ['parent_exclude', 0], ['orderby', 'date_gmt'], ['order', 'asc'], ['per_page', 100], ['page', page], COMMENT_FIELDS,
      ], { signal });
      comments.push(...listOf(body).map((c) => this.#comment(c, pageId)));
      if (page >= header(headers, 'X-WP-TotalPages')) return { comments, total: header(headers, 'X-WP-Total') };
    }
  }

  #comment(value: unknown, pageId: string): Comment {
    const comment = commentFromWordPress(value, pageId);
    return this.#reader.isMine(comment.id) ? { ...comment, mine: true } : comment;
  }

  /**
   * Posts a guest comment. A comment WordPress holds for moderation is
   * remembered in this browser and listed to its author as pending until a
   * moderator approves it; one it files as spam or trash is refused as `spam`.
   */
  postComment(input: NewComment): Promise<Comment> {
    const done = this.#reader.posted(input.idempotencyKey);
    if (done) return Promise.resolve(done);
    let posting = this.#posting.get(input.idempotencyKey);
    if (!posting) {
      posting = this.#postOnce(input);
      this.#posting.set(input.idempotencyKey, posting);
      posting.catch(() => this.#posting.delete(input.idempotencyKey));
    }
    return posting;
  }

  async #postOnce(input: NewComment): Promise<Comment> {
    const { signal } = input;
    if (signal?.aborted) throw new NatterError('cancelled', 'postComment: cancelled');
    const plugin = await this.#plugin(signal);
    if (!plugin?.guests) {
      throw new NatterError('unsupported', plugin ? 'postComment: natter\'s WordPress plugin does not list this site' : 'postComment: natter\'s WordPress plugin is not installed');
    }
    const fields = checkNewComment(input, plugin.requireNameEmail);
    if (input.parentId !== null && !/^[1-9]\d{0,15}$/.test(input.parentId)) {
      throw new NatterError('not_found', `postComment: no comment ${input.parentId} to reply to`);
    }
    const post = await this.#post(input.pageId, signal);
    if (post === null) throw new NatterError('not_found', `postComment: no WordPress post at ${input.pageId}`);
    const { body } = await this.#api.post('postComment', '/wp/v2/comments', {
      post, parent: input.parentId === null ? 0 : Number(input.parentId), ...fields,
    }, { signal });
    const status = wordPressStatus(body);
    if (status !== 'approved' && status !== 'hold') throw new NatterError('spam', `postComment: WordPress filed the comment as ${status}`);
    const comment: Comment = { ...commentFromWordPress(body, input.pageId), mine: true };
    this.#reader.remember(input.idempotencyKey, comment);
    return comment;
  }

  async #likesRoute(pageId: string, signal?: AbortSignal): Promise<string> {
    if ((await this.#plugin(signal)) === null) throw new NatterError('unsupported', 'likes: natter\'s WordPress plugin is not installed');
    const post = await this.#post(pageId, signal);
    if (post === null) throw new NatterError('not_found', `likes: no WordPress post at ${pageId}`);
    return `/natter/v1/likes/${post}`;
  }

  /** The post's likes ("N bloggers like this"), from natter's plugin. */
  async getLikes(pageId: string, signal?: AbortSignal): Promise<LikeSummary> {
    const route = await this.#likesRoute(pageId, signal);
    const { body } = await this.#api.get('getLikes', route, [], { signal, headers: { 'X-Natter-Liker': this.#reader.liker } });
    return likeSummary(body);
  }

  /** Likes or unlikes the post as this browser's reader, named as `liker` when given. */
  async setLike(pageId: string, liked: boolean, liker?: GuestIdentity): Promise<LikeSummary> {
    const route = await this.#likesRoute(pageId);
    const who = liker ? { name: liker.name.trim(), ...(liker.url ? { url: liker.url } : {}) } : {};
    const { body } = await this.#api.post('setLike', route, { liked, ...who }, { headers: { 'X-Natter-Liker': this.#reader.liker } });
    return likeSummary(body);
  }

  /** Approved comments of many pages at once (natter's plugin, one request per 100 pages). */
  async countComments(pageIds: string[], signal?: AbortSignal): Promise<Record<string, number>> {
    if ((await this.#plugin(signal)) === null) throw new NatterError('unsupported', 'countComments: natter\'s WordPress plugin is not installed');
    const counts: Record<string, number> = {};
    for (let i = 0; i < pageIds.length; i += 100) {
      const batch = pageIds.slice(i, i + 100);
      const { body } = await this.#api.get('countComments', '/natter/v1/counts', batch.map((id) => ['pages[]', id] as const), { signal });
      Object.assign(counts, commentCounts(body, batch));
    }
    return counts;
  }
}

function listOf(body: unknown): unknown[] {
  if (!Array.isArray(body)) throw new NatterError('server', 'listComments: WordPress did not answer with a list');
  return body;
}

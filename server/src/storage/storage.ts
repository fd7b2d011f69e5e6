import type { CommentJsonView, ThreadJsonPage } from './thread-json-statement';

/** Moderation statuses of a stored comment. */
export const COMMENT_STATUSES = ['pending', 'approved', 'spam', 'deleted'] as const;
/** One of {@link COMMENT_STATUSES}. */
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** A comment row as the server keeps it (private fields included). Times are epoch milliseconds. */
export interface StoredComment {
  id: string;
  pageId: string;
  parentId: string | null;
  /** The top-level comment of the thread, or `null` for a top-level comment. */
  rootId: string | null;
  status: CommentStatus;
  userId: string | null;
  authorName: string;
  authorEmail: string | null;
  authorUrl: string | null;
  authorProvider: string | null;
  avatarKey: string | null;
  visitorHash: string | null;
  editTokenHash: string | null;
  source: string;
  bodyHtml: string;
  contentHash: string;
  idempotencyKey: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: number;
  editedAt: number | null;
}

/**
 * A comment as a page of threads lists it: what readers may see, plus who
 * wrote it (to tell the viewer's own). `source` is there only for the
 * viewer's own comments (the edit form starts from it), else `null`.
 */
export interface ListedComment extends Pick<StoredComment,
  'id' | 'pageId' | 'parentId' | 'rootId' | 'status' | 'userId' | 'authorName' | 'authorUrl' | 'authorProvider' |
  'avatarKey' | 'visitorHash' | 'bodyHtml' | 'createdAt' | 'editedAt'> {
  source: string | null;
}

/** What {@link Storage.listChangesSince} answers. */
export interface PageChanges {
  /** Approved comments written, edited or approved since then. */
  comments: StoredComment[];
  /** Comments no longer approved since then. */
  removed: string[];
}

/** What {@link Storage.insertComment} needs. */
export interface NewCommentRecord extends Omit<StoredComment, 'id' | 'editedAt'> {
  /** The article's title and URL, remembered for notifications and the admin. */
  pageTitle: string | null;
  pageUrl: string | null;
  /** What the avatar key stands for, remembered in the same transaction. */
  avatarSource?: { email: string | null; url: string | null };
}

/** Who is reading: their own pending comments are visible to them. */
export interface Viewer {
  userId: string | null;
  visitorHash: string | null;
}

/** A query for one page of threads. */
export interface ThreadQuery {
  pageId: string;
  sort: 'oldest' | 'newest';
  /** Id of the last top-level comment of the previous page. */
  after: string | null;
  limit: number;
  viewer: Viewer;
}

/** A query of the moderation queue, newest first. */
export interface AdminQuery {
  status: CommentStatus | 'all';
  q: string | null;
  pageId: string | null;
  /** Id of the last comment of the previous page. */
  before: string | null;
  limit: number;
}

/** A signed-in user, identified by (provider, subject). */
export interface StoredUser {
  id: string;
  provider: string;
  subject: string;
  name: string;
  avatarUrl: string | null;
  profileUrl: string | null;
  /** Only a provider-verified address is ever stored. */
  email: string | null;
  createdAt: number;
}

/** A revocable session or admin token, by its token id. */
export interface StoredSession {
  id: string;
  kind: 'user' | 'admin';
  userId: string | null;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

/** One like of a page. `likerKey` is `u:<userId>` or `v:<visitor hash>`. */
export interface StoredLike {
  pageId: string;
  likerKey: string;
  userId: string | null;
  name: string;
  url: string | null;
  email: string | null;
  avatarKey: string | null;
  provider: string | null;
  createdAt: number;
}

/** Kinds of email subscription. */
export type SubscriptionKind = 'replies' | 'posts';

/** An email subscription: replies on one page, or new posts of the site (`pageId` empty). */
export interface StoredSubscription {
  id: string;
  kind: SubscriptionKind;
  pageId: string;
  email: string;
  name: string;
  createdAt: number;
}

/** What a page remembers. */
export interface StoredPage {
  pageId: string;
  /** Increases with every change to the page's comments. */
  version: number;
  title: string | null;
  url: string | null;
}

/** Everything kept about one commenter, for a privacy export. */
export interface CommenterData {
  comments: StoredComment[];
  likes: StoredLike[];
  subscriptions: StoredSubscription[];
}

/**
 * natter's persistence, in domain terms. One Kysely implementation serves
 * SQLite and PostgreSQL; the same contract suite runs against both.
 */
export interface Storage {
  /** `sqlite` or `postgres`. */
  readonly dialect: 'sqlite' | 'postgres';

  /** A stored setting, created with `make()` when absent (first writer wins across processes). */
  getOrCreateSetting(key: string, make: () => string): Promise<string>;

  /** Inserts a comment unless its idempotency key exists; then returns the existing one. */
  insertComment(record: NewCommentRecord): Promise<{ comment: StoredComment; created: boolean }>;
  getComment(id: string): Promise<StoredComment | null>;
  /** The comment if `viewer` may see it (approved, or their own held one), else `null`: the one visibility rule. */
  getVisibleComment(id: string, viewer: Viewer): Promise<StoredComment | null>;
  getCommentByIdempotencyKey(key: string): Promise<StoredComment | null>;
  /**
   * One page of threads (a top-level comment and its replies) with anything
   * visible to the viewer: top-level comments in thread order, then all their
   * visible replies oldest first. A thread whose top-level comment is hidden
   * still lists its visible replies. `lastThread` is the cursor for the next
   * page; `total` counts the page's approved comments. One statement.
   */
  listThreads(query: ThreadQuery): Promise<{ comments: ListedComment[]; hasMore: boolean; lastThread?: string; total: number }>;
  /**
   * The same page with its comments written by the database as the JSON
   * array `publicComment` would make of them for `view` (byte for byte),
   * when this storage can (SQLite, outside a transaction); else `null`, and
   * the caller uses {@link listThreads}.
   */
  listThreadsJson?(query: ThreadQuery, view: CommentJsonView): Promise<ThreadJsonPage | null>;
  /**
   * What live readers of a page may have missed since `since` (epoch ms),
   * oldest id first, at most `limit` of each: the approved comments written,
   * edited or approved at or after it, and the ids of comments that left
   * 'approved' then (deleted, spam, held) — comments readers may still show.
   */
  listChangesSince(pageId: string, since: number, limit: number): Promise<PageChanges>;
  /**
   * What decides a page's cached answers, in one statement: the page's
   * version (0 before its first comment; every comment and like changes it),
   * whether the viewer wrote on it, and whether `likerKey` likes it.
   */
  pageState(pageId: string, viewer: Viewer, likerKey?: string | null): Promise<{ version: number; viewerWrote: boolean; liked: boolean }>;
  /** Whether the viewer wrote any comment on the page (whatever its status). */
  hasCommentsOn(pageId: string, viewer: Viewer): Promise<boolean>;
  /** Approved comments per page. */
  countApproved(pageIds: readonly string[]): Promise<Record<string, number>>;
  getPage(pageId: string): Promise<StoredPage | null>;
  updateCommentBody(id: string, source: string, bodyHtml: string, contentHash: string, editedAt: number): Promise<StoredComment | null>;
  /**
   * Sets a comment's status. When it enters or leaves 'approved', `at`
   * (epoch ms; the server's clock, by default the wall clock) is kept for
   * live readers' catch-up.
   */
  setCommentStatus(id: string, status: CommentStatus, at?: number): Promise<StoredComment | null>;
  /** Whether this guest (email and name) or user already has an approved comment. */
  hasApprovedComment(identity: { userId: string } | { email: string; name: string }): Promise<boolean>;
  /** A comment on the page with the same content by the same author, if any. */
  findDuplicate(pageId: string, contentHash: string, author: { userId: string } | { email: string }): Promise<StoredComment | null>;
  listForModeration(query: AdminQuery): Promise<{ comments: StoredComment[]; hasMore: boolean }>;
  /** Every comment of a page, oldest first, whatever its status. */
  exportPage(pageId: string): Promise<StoredComment[]>;
  commenterData(email: string): Promise<CommenterData>;
  /** Anonymises the commenter's comments and deletes their likes, subscriptions and avatar. */
  eraseCommenter(email: string): Promise<{ comments: number; likes: number; subscriptions: number }>;

  putLike(like: StoredLike): Promise<void>;
  deleteLike(pageId: string, likerKey: string): Promise<boolean>;
  likeSummary(pageId: string, likerKey: string | null, maxLikers: number): Promise<{ count: number; liked: boolean; likers: StoredLike[] }>;

  /** Subscribes (again) and returns the subscription. */
  subscribe(sub: Omit<StoredSubscription, 'id'>): Promise<StoredSubscription>;
  getSubscription(id: string): Promise<StoredSubscription | null>;
  deleteSubscription(id: string): Promise<boolean>;
  listSubscriptions(kind: SubscriptionKind, pageId: string): Promise<StoredSubscription[]>;

  /** Creates or refreshes the user known by (provider, subject). */
  upsertUser(user: Omit<StoredUser, 'id' | 'createdAt'>, now: number): Promise<StoredUser>;
  getUser(id: string): Promise<StoredUser | null>;
  createSession(session: StoredSession): Promise<void>;
  getSession(id: string): Promise<StoredSession | null>;
  revokeSession(id: string, at: number): Promise<boolean>;

  /** Remembers what an avatar key stands for. */
  rememberAvatar(key: string, source: { email: string | null; url: string | null }): Promise<void>;
  lookupAvatar(key: string): Promise<{ email: string | null; url: string | null } | null>;
  /**
   * Records whether the avatar route found a picture of the key's own. Lists
   * give an avatar URL only while one may exist, so commenters without a
   * picture cost readers no request.
   */
  recordAvatarPicture(key: string, picture: boolean): Promise<void>;

  /**
   * Counts one hit in a window (its start, epoch ms) and returns the
   * window's count so far and, given `since`, the bucket's counts of the
   * windows starting at or after it (this one included), oldest first.
   */
  hitRateLimit(bucket: string, window: number, since?: number): Promise<{ count: number; recent: { window: number; count: number }[] }>;
  /** Forgets windows older than `before`. */
  pruneRateLimits(before: number): Promise<void>;
  /** The hits of `bucket` in windows from `since` on, and the latest such window (`null` when none). */
  rateLimitHistory(bucket: string, since: number): Promise<{ hits: number; last: number | null }>;
  /** Forgets every window of `bucket`. */
  clearRateLimit(bucket: string): Promise<void>;

  close(): Promise<void>;
}

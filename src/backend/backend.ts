import type {
  Author, Comment, GuestIdentity, LikeSummary, ProviderId, Session, SiteConfig, SortOrder,
} from '../model/types';

/** Which page of comments to fetch. */
export interface ListQuery {
  pageId: string;
  /** @default 'oldest' */
  sort?: SortOrder;
  /** Opaque cursor from a previous {@link CommentPage.nextCursor}. */
  cursor?: string | null;
  /** Number of top-level threads per page, 1..`limits.pageSizeMax`. @default 50 */
  limit?: number;
  signal?: AbortSignal;
}

/**
 * One page of a thread. Pagination counts top-level comments; every reply in
 * those threads is included (oldest first), so a page is always complete trees.
 */
export interface CommentPage {
  comments: Comment[];
  /** Cursor for the next page, or `null` when there is none. */
  nextCursor: string | null;
  /** Number of comments on the page visible to everyone (approved). */
  total: number;
}

/** What first render needs: the site config, the first page and, when the backend has likes, their summary. */
export interface FirstRender {
  config: SiteConfig;
  page: CommentPage;
  /** `null` when the backend has no likes. */
  likes: LikeSummary | null;
}

/** A new comment. */
export interface NewComment {
  pageId: string;
  /** The comment replied to, or `null`. */
  parentId: string | null;
  /** The text as typed (Markdown on the natter server). */
  body: string;
  /** Guest details; omitted when signed in. */
  guest?: GuestIdentity;
  /**
   * Unique per intended comment. Posting again with the same key returns the
   * same comment instead of a second one.
   */
  idempotencyKey: string;
  /** Subscribe the author to replies on this page. */
  notifyReplies?: boolean;
  /** Subscribe the author to new posts on the site. */
  notifyPosts?: boolean;
  /** The article's title and URL, for notification emails and the admin. */
  pageTitle?: string;
  pageUrl?: string;
  /** Milliseconds since the form was first shown (a spam signal). */
  elapsedMs?: number;
  /** The honeypot field's value; people leave it empty. */
  honeypot?: string;
  signal?: AbortSignal;
}

/** Changes to one's own comment. */
export interface CommentEdit {
  body: string;
  signal?: AbortSignal;
}

/** An event from a live connection. */
export type LiveEvent =
  | { type: 'comment'; comment: Comment }
  | { type: 'deleted'; id: string }
  | { type: 'likes'; count: number };

/** Options for {@link Backend.signIn}. */
export interface SignInOptions {
  /** Aborting cancels the sign-in (the popup closes). */
  signal?: AbortSignal;
  /** The widget's language (BCP 47), so the server's sign-in pages can speak it. */
  lang?: string;
}

/**
 * The contract between the widget and whatever stores comments. Required
 * members are enough for a read/post thread; each optional member the backend
 * has switches on the matching part of the UI.
 *
 * Errors are thrown as {@link NatterError} with a code from `ERROR_CODES`.
 */
export interface Backend {
  /** Site configuration: enabled providers, features and limits. */
  getConfig(signal?: AbortSignal): Promise<SiteConfig>;
  /** One page of comments: approved ones, plus the caller's own pending ones. */
  listComments(query: ListQuery): Promise<CommentPage>;
  /** Posts a comment; retries with the same idempotency key return the same comment. */
  postComment(input: NewComment): Promise<Comment>;

  /**
   * Config, first page and likes at once, for backends that can fetch them in
   * one go (the natter server's `GET /api/thread`); without it the widget asks
   * `getConfig`, `listComments` and `getLikes`.
   */
  loadThread?(query: ListQuery): Promise<FirstRender>;
  /**
   * For a backend that starts its first read before the widget mounts: settles
   * once that read has an answer (or failed), so the first render can draw it.
   */
  whenRead?(): Promise<void>;
  /** That early read's answer for `query`, when it has arrived; taken once. */
  takeThread?(query: ListQuery): FirstRender | undefined;

  /** Edits the caller's own comment within the edit window. */
  editComment?(id: string, edit: CommentEdit): Promise<Comment>;
  /** Deletes the caller's own comment within the edit window. */
  deleteComment?(id: string, signal?: AbortSignal): Promise<void>;

  /** Likes of a page. */
  getLikes?(pageId: string, signal?: AbortSignal): Promise<LikeSummary>;
  /** Likes or unlikes a page as the current reader (signed in, or this browser as a guest). */
  setLike?(pageId: string, liked: boolean, liker?: GuestIdentity): Promise<LikeSummary>;

  /** The current session, or `null` when signed out. */
  getSession?(signal?: AbortSignal): Promise<Session | null>;
  /** Signs in with a provider (a popup, or a local simulation). */
  signIn?(provider: ProviderId, options?: SignInOptions): Promise<Session>;
  /** Ends the session on the backend. */
  signOut?(): Promise<void>;

  /** Subscribes to live events for a page; returns the unsubscribe function. */
  subscribe?(pageId: string, onEvent: (event: LiveEvent) => void): () => void;

  /** Visible comment counts for many pages at once. */
  countComments?(pageIds: string[], signal?: AbortSignal): Promise<Record<string, number>>;
}

export type { Author, Comment, GuestIdentity, LikeSummary, ProviderId, Session, SiteConfig, SortOrder };

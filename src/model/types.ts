/** The identity providers a reader can sign in with. */
export const PROVIDERS = ['wordpress', 'google', 'twitter', 'facebook'] as const;
/** One of {@link PROVIDERS}. */
export type ProviderId = (typeof PROVIDERS)[number];

/** Order of top-level comments in a thread. Replies are always oldest first. */
export type SortOrder = 'oldest' | 'newest';

/** Moderation status as seen by the widget (spam and deleted never reach it). */
export type VisibleStatus = 'approved' | 'pending';

/** Who wrote a comment or liked a post, as shown to every reader. */
export interface Author {
  /** Display name, plain text. */
  name: string;
  /** The author's website or profile, an absolute http(s) URL. */
  url?: string;
  /** Avatar image URL (http(s)); when absent the widget draws a generated one. */
  avatarUrl?: string;
  /** The provider the author signed in with; absent for guests. */
  provider?: ProviderId;
}

/** One comment, as a backend returns it. */
export interface Comment {
  /** Opaque, stable id; the permalink is `#comment-<id>`. */
  id: string;
  /** The page this comment belongs to. */
  pageId: string;
  /** The comment this replies to, or `null` for a top-level comment. */
  parentId: string | null;
  author: Author;
  /**
   * The body as HTML. **Untrusted**: the widget rebuilds it through an
   * allowlist and never assigns it to `innerHTML`.
   */
  bodyHtml: string;
  /** ISO 8601 timestamp. */
  createdAt: string;
  /** ISO 8601 timestamp of the last edit, if any. */
  editedAt?: string;
  /** `pending` comments are only returned to their own author. */
  status: VisibleStatus;
  /** True when the caller wrote this comment. */
  mine?: boolean;
  /** ISO 8601 time until which the caller may edit or delete it (only when `mine`). */
  editableUntil?: string;
  /** The comment's source text (Markdown), returned only to its author for editing. */
  source?: string;
}

/** Guest details typed into the form. */
export interface GuestIdentity {
  name: string;
  email: string;
  /** Optional website, absolute http(s). */
  url?: string;
}

/** A signed-in reader. */
export interface Session {
  provider: ProviderId;
  user: {
    /** Provider-scoped subject; identity is (provider, id), never the email. */
    id: string;
    name: string;
    avatarUrl?: string;
    profileUrl?: string;
  };
}

/** Post likes for one page. */
export interface LikeSummary {
  count: number;
  /** Whether the current reader likes it. */
  liked: boolean;
  /** Some of the likers, most recent first (the strip shows their avatars). */
  likers: Author[];
}

/** What a site enables, and its limits. */
export interface SiteConfig {
  /** Providers whose sign-in icon is shown, in this order. */
  providers: ProviderId[];
  /** Whether guests may comment (name and email). */
  guests: boolean;
  /** Whether guests must give a name and an email. @default true */
  requireNameEmail: boolean;
  features: {
    likes: boolean;
    /** "Notify me of follow-up comments via email." */
    notifyReplies: boolean;
    /** "Notify me of new posts via email." */
    notifyPosts: boolean;
    /** Editing and deleting one's own comments within {@link SiteConfig.limits.editWindowSeconds}. */
    edit: boolean;
    /** Live updates of new and changed comments. */
    live: boolean;
  };
  limits: {
    bodyMaxLength: number;
    nameMaxLength: number;
    urlMaxLength: number;
    editWindowSeconds: number;
    /** Largest `limit` accepted by {@link ListQuery}. */
    pageSizeMax: number;
  };
  /** When true the backend simulates sign-in locally (the widget labels it as such). */
  simulatedSignIn?: boolean;
}

/**
 * Every limit of the natter protocol, in one place. Text lengths count Unicode
 * code points (see `text-rules.ts`). A natter server announces the ones a
 * form needs in its site configuration (`SiteConfig.limits`); the rest hold
 * for every natter server.
 */
export const LIMITS = {
  /** Characters of a comment body (Markdown source). */
  bodyMaxLength: 10_000,
  /** Characters of a display name. */
  nameMaxLength: 64,
  /** Characters of a website address, after normalisation. */
  urlMaxLength: 2048,
  /** Characters of an email address (RFC 5321). */
  emailMaxLength: 254,
  /** Characters of a page id (an opaque key; docs/security.md S20). */
  pageIdMaxLength: 512,
  /** Characters of a page title. */
  pageTitleMaxLength: 300,
  /** Characters of an admin search. */
  searchMaxLength: 200,
  /** Characters of a post excerpt in a "new post" email. */
  excerptMaxLength: 2000,
  /** Characters of the honeypot field a client may echo back. */
  honeypotMaxLength: 1000,
  /** Top-level comments per page of a thread, and the default. */
  pageSizeMax: 100,
  pageSizeDefault: 50,
  /** Pages per comment-count request. */
  countPagesMax: 100,
  /** Default edit window, seconds. */
  editWindowSeconds: 900,
  /** Bytes of a JSON request body. */
  requestBytesMax: 64 * 1024,
} as const;

/** The limits a form needs, as a site announces them. */
export interface FormLimits {
  bodyMaxLength: number;
  nameMaxLength: number;
  urlMaxLength: number;
}

/** `Idempotency-Key`: unique per intended comment. */
export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9_.:-]{8,128}$';
/** `X-Natter-Visitor`: a random secret a browser keeps. */
export const VISITOR_PATTERN = '^[A-Za-z0-9_-]{16,128}$';
/** A live event's id: the position (epoch ms) a reconnecting reader resumes from. */
export const EVENT_ID_PATTERN = '^\\d{1,15}$';

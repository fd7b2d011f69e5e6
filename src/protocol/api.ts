/**
 * The natter server's JSON wire types, inferred from the protocol's schemas.
 * Type-only: importing them costs a bundle nothing.
 */
import type { InferInput, InferOutput } from 'valibot';
import type * as s from './schemas';

/** Request headers the API reads. */
export const API_HEADERS = {
  /** A random secret the widget keeps per browser (16..128 of `A-Z a-z 0-9 _ -`); marks the caller's own guest comments and likes. */
  visitor: 'X-Natter-Visitor',
  /** The per-comment secret returned to a guest when they posted (`editToken`). */
  editToken: 'X-Natter-Edit-Token',
  /** Unique per intended comment (8..128 of `A-Z a-z 0-9 _ - . :`). */
  idempotencyKey: 'Idempotency-Key',
} as const;

/** Order of top-level comments in a thread. Replies are always oldest first. */
export type SortOrder = 'oldest' | 'newest';

/** One of the identity providers. */
export type ProviderId = InferOutput<typeof s.ProviderIdSchema>;
/** Who wrote a comment or liked a post. */
export type Author = InferOutput<typeof s.AuthorSchema>;
/** A comment's status as readers see it. */
export type VisibleStatus = InferOutput<typeof s.VisibleStatusSchema>;
/** One comment. */
export type Comment = InferOutput<typeof s.CommentSchema>;
/** Guest details typed into the form. */
export type GuestIdentity = InferOutput<typeof s.GuestIdentitySchema>;
/** A signed-in reader. */
export type Session = InferOutput<typeof s.SessionSchema>;
/** Post likes of one page. */
export type LikeSummary = InferOutput<typeof s.LikeSummarySchema>;
/** What a site enables, and its limits. */
export type SiteConfig = InferOutput<typeof s.SiteConfigSchema>;
/** The JSON shape of every API error response. */
export type ErrorBody = InferOutput<typeof s.ErrorBodySchema>;

/** `GET /api/config` */
export type ConfigResponse = SiteConfig;
/** `GET /api/comments` */
export type CommentListResponse = InferOutput<typeof s.CommentPageSchema>;
/** `POST /api/comments` body, as a client sends it. */
export type PostCommentRequest = InferInput<typeof s.PostCommentRequestSchema>;

/** `GET /api/thread?page=…&sort=…&limit=…&visitor=…`: config, the first page and the likes, in one simple request. */
export type ThreadResponse = InferOutput<typeof s.ThreadResponseSchema>;
/** `POST /api/comments` answer (201 created, 200 for a retried idempotency key). */
export type PostCommentResponse = InferOutput<typeof s.PostCommentResponseSchema>;
/** `PATCH /api/comments/:id` body. */
export type EditCommentRequest = InferInput<typeof s.EditCommentRequestSchema>;
/** `PATCH /api/comments/:id` answer. */
export type EditCommentResponse = InferOutput<typeof s.EditCommentResponseSchema>;
/** `PUT /api/likes` body. */
export type LikeRequest = InferInput<typeof s.LikeRequestSchema>;
/** `GET|PUT|DELETE /api/likes` answer. */
export type LikeResponse = LikeSummary;
/** `GET /api/counts` answer. */
export type CountsResponse = InferOutput<typeof s.CountsResponseSchema>;
/** `GET /api/session` answer. */
export type SessionResponse = InferOutput<typeof s.SessionResponseSchema>;
/** `POST /auth/exchange` answer. */
export type SignInExchangeResponse = InferOutput<typeof s.SignInExchangeResponseSchema>;
/** Server-Sent Events on `GET /api/events`: the `data` of each event type. */
export interface LiveEventData {
  comment: Comment;
  deleted: InferOutput<typeof s.LiveEventDataSchemas.deleted>;
  likes: InferOutput<typeof s.LiveEventDataSchemas.likes>;
}
/** `POST /api/admin/login` body and answer. */
export type AdminLoginRequest = InferInput<typeof s.AdminLoginRequestSchema>;
export type AdminLoginResponse = InferOutput<typeof s.AdminLoginResponseSchema>;
/** Every moderation status. */
export type ModerationStatus = InferOutput<typeof s.ModerationStatusSchema>;
/** A comment as the moderator sees it. */
export type AdminComment = InferOutput<typeof s.AdminCommentSchema>;
/** `GET /api/admin/comments` answer. */
export type AdminCommentList = InferOutput<typeof s.AdminCommentListSchema>;
/** `POST /api/admin/comments/:id/status` body. */
export type AdminStatusRequest = InferInput<typeof s.AdminStatusRequestSchema>;
/** `GET /api/admin/export?page=` answer. */
export type PageExport = InferOutput<typeof s.PageExportSchema>;
/** `GET /api/admin/commenters/export?email=` answer. */
export type CommenterExport = InferOutput<typeof s.CommenterExportSchema>;
/** `DELETE /api/admin/commenters?email=` answer. */
export type CommenterErased = InferOutput<typeof s.CommenterErasedSchema>;

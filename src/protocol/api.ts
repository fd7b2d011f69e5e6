/**
 * The natter server's JSON wire types, shared by the server and the widget's
 * http backend. The OpenAPI document (`GET /api/openapi.json`) describes the
 * same shapes. Type-only imports of the domain model; nothing runs here.
 */
import type { Author, Comment, GuestIdentity, LikeSummary, ProviderId, Session, SiteConfig } from '../model/types';

/** Request headers the API reads. */
export const API_HEADERS = {
  /** A random secret the widget keeps per browser (16..128 of `A-Z a-z 0-9 _ -`); marks the caller's own guest comments and likes. */
  visitor: 'X-Natter-Visitor',
  /** The per-comment secret returned to a guest when they posted (`editToken`). */
  editToken: 'X-Natter-Edit-Token',
  /** Unique per intended comment (8..128 of `A-Z a-z 0-9 _ - . :`). */
  idempotencyKey: 'Idempotency-Key',
} as const;

/** `GET /api/config` */
export type ConfigResponse = SiteConfig;

/** `GET /api/comments` */
export interface CommentListResponse {
  comments: Comment[];
  nextCursor: string | null;
  total: number;
}

/** `POST /api/comments` body. Unknown fields are rejected. */
export interface PostCommentRequest {
  pageId: string;
  parentId: string | null;
  body: string;
  /** Required unless signed in (`Authorization: Bearer`); ignored fields are rejected. */
  guest?: GuestIdentity;
  notifyReplies?: boolean;
  notifyPosts?: boolean;
  pageTitle?: string;
  pageUrl?: string;
  elapsedMs?: number;
  honeypot?: string;
}

/** `POST /api/comments` answer (201 created, 200 for a retried idempotency key). */
export interface PostCommentResponse {
  comment: Comment;
  /** Guests only: send it as `X-Natter-Edit-Token` to edit or delete this comment. */
  editToken?: string;
}

/** `PATCH /api/comments/:id` body. */
export interface EditCommentRequest {
  body: string;
}

/** `PATCH /api/comments/:id` answer. */
export interface EditCommentResponse {
  comment: Comment;
}

/** `PUT /api/likes` body (all optional; a guest liker's public name and website, email only for the avatar). */
export interface LikeRequest {
  guest?: { name: string; email?: string; url?: string };
}

/** `GET|PUT|DELETE /api/likes` answer. */
export type LikeResponse = LikeSummary;

/** `GET /api/counts` answer. */
export interface CountsResponse {
  counts: Record<string, number>;
}

/** `GET /api/session` answer. */
export interface SessionResponse {
  session: Session | null;
}

/** Server-Sent Events on `GET /api/events`: the `data` of each event type. */
export interface LiveEventData {
  comment: Comment;
  deleted: { id: string };
  likes: { count: number };
}

/** `POST /api/admin/login` body and answer. */
export interface AdminLoginRequest {
  password: string;
}
export interface AdminLoginResponse {
  token: string;
  /** ISO 8601 expiry. */
  expiresAt: string;
}

/** Every moderation status. */
export type ModerationStatus = 'pending' | 'approved' | 'spam' | 'deleted';

/** A comment as the moderator sees it (private fields included; admin responses only). */
export interface AdminComment {
  id: string;
  pageId: string;
  pageTitle: string | null;
  pageUrl: string | null;
  parentId: string | null;
  status: ModerationStatus;
  author: Author & { email: string | null; provider?: ProviderId };
  source: string;
  bodyHtml: string;
  createdAt: string;
  editedAt: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** `GET /api/admin/comments` answer. */
export interface AdminCommentList {
  comments: AdminComment[];
  nextCursor: string | null;
}

/** `POST /api/admin/comments/:id/status` body. */
export interface AdminStatusRequest {
  status: ModerationStatus;
}

/** `GET /api/admin/export?page=` answer. */
export interface PageExport {
  pageId: string;
  exportedAt: string;
  comments: AdminComment[];
}

/** `GET /api/admin/commenters/export?email=` answer. */
export interface CommenterExport {
  email: string;
  exportedAt: string;
  comments: AdminComment[];
  likes: { pageId: string; name: string; url: string | null; createdAt: string }[];
  subscriptions: { kind: 'replies' | 'posts'; pageId: string; name: string; createdAt: string }[];
}

/** `DELETE /api/admin/commenters?email=` answer. */
export interface CommenterErased {
  comments: number;
  likes: number;
  subscriptions: number;
}

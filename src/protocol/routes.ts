/**
 * Every route of the natter HTTP API, as data: method, path, who may call it,
 * its parameters, body and answers, each pointing at a schema of
 * `schemas.ts`. The server generates its OpenAPI 3.1 document from this
 * table, and a test walks every route in it against a live server.
 */
import * as v from 'valibot';
import { EVENT_ID_PATTERN, IDEMPOTENCY_KEY_PATTERN, LIMITS, VISITOR_PATTERN } from './limits';
import { PROVIDERS } from './providers';
import * as s from './schemas';

/** Any valibot schema the table points at. */
export type AnySchema = v.GenericSchema;

/** Who may call a route. */
export type RouteAuth =
  /** Anyone. */
  | 'public'
  /** Anyone; a reader's session token (`Authorization: Bearer`) changes the answer. */
  | 'reader'
  /** A reader's session token is required. */
  | 'session'
  /** An admin token from `POST /api/admin/login` is required. */
  | 'admin';

/** One parameter of a route. */
export interface RouteParam {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: AnySchema;
  description?: string;
  /** For query parameters that repeat (`?page=a&page=b`). */
  repeated?: boolean;
}

/** One answer of a route, by status. */
export interface RouteAnswer {
  description: string;
  /** The JSON body; absent for an empty body or a non-JSON one (see `contentType`). */
  schema?: AnySchema;
  /** The media type of a non-JSON body. */
  contentType?: string;
  headers?: Record<string, string>;
}

/** One route. */
export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI style: `/api/comments/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: 'comments' | 'likes' | 'readers' | 'sign-in' | 'site' | 'admin';
  auth: RouteAuth;
  params?: RouteParam[];
  body?: { schema: AnySchema; required: boolean };
  answers: Record<number, RouteAnswer>;
}

const text = v.string();
const err = (description: string): RouteAnswer => ({ description, schema: s.ErrorBodySchema });
const json = (schema: AnySchema, description: string): RouteAnswer => ({ description, schema });
const html = (description: string): RouteAnswer => ({ description, contentType: 'text/html' });

const page: RouteParam = { name: 'page', in: 'query', required: true, schema: s.query.pageId, description: 'The page id.' };
const visitor: RouteParam = {
  name: 'X-Natter-Visitor', in: 'header', schema: v.pipe(v.string(), v.regex(new RegExp(VISITOR_PATTERN))),
  description: "A random secret the browser keeps; marks the caller's own held comments and likes.",
};
const visitorQuery: RouteParam = {
  name: 'visitor', in: 'query', schema: v.pipe(v.string(), v.regex(new RegExp(VISITOR_PATTERN))),
  description: 'The visitor secret on reads (GET), in place of `X-Natter-Visitor`: a request without custom headers needs no CORS preflight.',
};
const editToken: RouteParam = { name: 'X-Natter-Edit-Token', in: 'header', schema: text, description: 'The `editToken` a guest got when posting.' };
const commentId: RouteParam = { name: 'id', in: 'path', required: true, schema: v.pipe(v.string(), v.maxLength(64)) };
const provider: RouteParam = { name: 'provider', in: 'path', required: true, schema: v.picklist(PROVIDERS) };

/** Answers every route with a JSON body can give. */
const bodyErrors = {
  400: err('Invalid input (`invalid`, `too_long`); nothing changed.'),
  413: err(`A body larger than ${LIMITS.requestBytesMax / 1024} KB (\`too_long\`).`),
  415: err('A body without `Content-Type: application/json` (`invalid`).'),
};
const rateLimited = err('Rate limited (`rate_limited`); see `Retry-After`.');
rateLimited.headers = { 'Retry-After': 'Seconds to wait.' };
const badSession = err('An invalid, expired or revoked session token (`unauthorized`).');
const noAdmin = err('No valid admin token (`unauthorized`).');

/** The natter HTTP API. */
export const ROUTES: readonly Route[] = [
  {
    method: 'get', path: '/api/config', operationId: 'getConfig', summary: 'Site configuration', tag: 'site', auth: 'public',
    answers: { 200: json(s.SiteConfigSchema, 'The site configuration.') },
  },
  {
    method: 'get', path: '/api/health', operationId: 'health', summary: 'Liveness for load balancers (checks the database)', tag: 'site', auth: 'public',
    answers: { 200: json(s.HealthResponseSchema, 'Healthy.'), 500: err('The database is unreachable (`server`).') },
  },
  {
    method: 'get', path: '/api/thread', operationId: 'getThread', summary: 'What first render needs', tag: 'comments', auth: 'reader',
    description: 'The site configuration, the first page of a thread (as `GET /api/comments` answers it) and its likes (as `GET /api/likes`), ' +
      'in one simple request: the visitor secret travels as `?visitor=`, so browsers send no CORS preflight. ' +
      '`Cache-Control: private, no-cache`; the weak ETag varies by caller.',
    params: [
      page,
      { name: 'sort', in: 'query', schema: s.query.sort },
      { name: 'limit', in: 'query', schema: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIMITS.pageSizeMax)), description: `Threads on the first page (default ${LIMITS.pageSizeDefault}).` },
      visitorQuery,
      { name: 'If-None-Match', in: 'header', schema: text },
    ],
    answers: {
      200: { ...json(s.ThreadResponseSchema, 'Configuration, first page and likes.'), headers: { ETag: 'Identifies this answer for this caller.' } },
      304: { description: 'Not modified.' },
      400: err('A bad page, sort, limit or visitor (`invalid`, `too_long`).'),
      401: badSession,
    },
  },
  {
    method: 'get', path: '/api/comments', operationId: 'listComments', summary: 'One page of a thread', tag: 'comments', auth: 'reader',
    description: 'Pagination counts threads (a top-level comment and its replies); every visible reply of those threads is included, oldest first, ' +
      'after the top-level ones. Approved comments plus the caller\'s own held ones; `total` counts approved comments of the page. ' +
      'The weak ETag varies by caller; send `If-None-Match` for a 304.',
    params: [
      page,
      { name: 'sort', in: 'query', schema: s.query.sort },
      { name: 'cursor', in: 'query', schema: s.query.cursor },
      { name: 'limit', in: 'query', schema: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIMITS.pageSizeMax)), description: `Threads per page (default ${LIMITS.pageSizeDefault}).` },
      visitor,
      visitorQuery,
      { name: 'If-None-Match', in: 'header', schema: text },
    ],
    answers: {
      200: { ...json(s.CommentPageSchema, 'Comments.'), headers: { ETag: 'Identifies this answer for this caller.' } },
      304: { description: 'Not modified.' },
      400: err('A bad page, sort, limit or cursor (`invalid`, `too_long`).'),
      401: badSession,
    },
  },
  {
    method: 'post', path: '/api/comments', operationId: 'postComment', summary: 'Post a comment', tag: 'comments', auth: 'reader',
    description: 'Guests send `guest`; signed-in readers must not. A retried `Idempotency-Key` (scoped to the caller) answers the stored comment ' +
      'with 200, never a second one; its `editToken` only to the same browser (`X-Natter-Visitor`) or session. The body is Markdown, rendered ' +
      'without raw HTML. A guest\'s first comment is held by default (`status: pending`), and so is one that misses the bot signals.',
    params: [
      { name: 'Idempotency-Key', in: 'header', required: true, schema: v.pipe(v.string(), v.regex(new RegExp(IDEMPOTENCY_KEY_PATTERN))) },
      visitor,
    ],
    body: { schema: s.PostCommentRequestSchema, required: true },
    answers: {
      201: json(s.PostCommentResponseSchema, 'Created.'),
      200: json(s.PostCommentResponseSchema, 'The comment this idempotency key already created.'),
      ...bodyErrors,
      401: badSession,
      409: err('`duplicate`: the same comment was already posted.'),
      429: rateLimited,
    },
  },
  {
    method: 'patch', path: '/api/comments/{id}', operationId: 'editComment', summary: "Edit one's own comment within the edit window", tag: 'comments', auth: 'reader',
    params: [commentId, editToken, visitor],
    body: { schema: s.EditCommentRequestSchema, required: true },
    answers: {
      200: json(s.EditCommentResponseSchema, 'The edited comment.'),
      ...bodyErrors,
      401: badSession,
      403: err('`forbidden` (not the author) or `edit_window_closed`.'),
      404: err('`not_found`.'),
      429: rateLimited,
    },
  },
  {
    method: 'delete', path: '/api/comments/{id}', operationId: 'deleteComment', summary: "Delete one's own comment within the edit window", tag: 'comments', auth: 'reader',
    params: [commentId, editToken],
    answers: {
      204: { description: 'Deleted.' },
      401: badSession,
      403: err('`forbidden` or `edit_window_closed`.'),
      404: err('`not_found`.'),
    },
  },
  {
    method: 'get', path: '/api/likes', operationId: 'getLikes', summary: 'Likes of a page', tag: 'likes', auth: 'reader', params: [page, visitor, visitorQuery],
    answers: { 200: json(s.LikeSummarySchema, 'Likes.'), 400: err('A bad page (`invalid`).'), 401: badSession },
  },
  {
    method: 'put', path: '/api/likes', operationId: 'like', summary: 'Like a page (idempotent)', tag: 'likes', auth: 'reader',
    description: 'The liker is the session user, else the browser (`X-Natter-Visitor` required). The body is optional; guests may give a public ' +
      'name and website; an email is used only for the avatar and never returned.',
    params: [page, visitor],
    body: { schema: s.LikeRequestSchema, required: false },
    answers: { 200: json(s.LikeSummarySchema, 'Likes after the change.'), ...bodyErrors, 401: badSession, 429: rateLimited },
  },
  {
    method: 'delete', path: '/api/likes', operationId: 'unlike', summary: 'Unlike a page (idempotent)', tag: 'likes', auth: 'reader', params: [page, visitor],
    answers: { 200: json(s.LikeSummarySchema, 'Likes after the change.'), 400: err('A bad page, or no liker identity (`invalid`).'), 401: badSession, 429: rateLimited },
  },
  {
    method: 'get', path: '/api/counts', operationId: 'countComments', summary: `Approved comment counts of up to ${LIMITS.countPagesMax} pages`, tag: 'comments', auth: 'public',
    params: [{ name: 'page', in: 'query', required: true, repeated: true, schema: s.query.pageId, description: 'Repeat for each page.' }],
    answers: { 200: json(s.CountsResponseSchema, 'Counts; unknown pages count 0.'), 400: err(`No page, more than ${LIMITS.countPagesMax}, or a bad page id.`) },
  },
  {
    method: 'get', path: '/count.js', operationId: 'countScript', summary: 'Listing-page script', tag: 'comments', auth: 'public',
    description: 'Fills `<span data-natter-count="<pageId>"></span>` with the count; optional `data-natter-one` and `data-natter-many` templates.',
    answers: { 200: { description: 'JavaScript.', contentType: 'text/javascript' } },
  },
  {
    method: 'get', path: '/api/events', operationId: 'events', summary: 'Live events of a page (Server-Sent Events)', tag: 'comments', auth: 'public',
    description: 'Events: `ready` on connect; `comment` (a Comment as every reader sees it — new, edited or newly approved); `deleted` (`{"id"}`); ' +
      '`likes` (`{"count"}`). Keep-alive comments every 25 s. Each event\'s `id` is a position (epoch ms) to resume from: a reader ' +
      'coming back with it first gets what changed since shortly before it — comments written, edited or approved as `comment`, those deleted or held as `deleted` (positions within the last hour).',
    params: [
      page,
      { name: 'since', in: 'query', schema: v.pipe(v.string(), v.regex(new RegExp(EVENT_ID_PATTERN))), description: 'The id of the last event had, for a stream opened again (else the `Last-Event-ID` header).' },
      { name: 'Last-Event-ID', in: 'header', schema: text, description: 'Sent by EventSource itself when it reconnects; ignored unless it is a position this server sent.' },
    ],
    answers: { 200: { description: 'An event stream.', contentType: 'text/event-stream' }, 400: err('A bad page (`invalid`).'), 429: rateLimited },
  },
  {
    method: 'get', path: '/api/session', operationId: 'getSession', summary: 'The current session', tag: 'readers', auth: 'reader',
    answers: { 200: json(s.SessionResponseSchema, '`session` is null without a valid token.') },
  },
  {
    method: 'delete', path: '/api/session', operationId: 'signOut', summary: 'Revoke the session token', tag: 'readers', auth: 'session',
    answers: { 204: { description: 'Revoked.' }, 401: err('No valid session (`unauthorized`).') },
  },
  {
    method: 'get', path: '/api/unsubscribe', operationId: 'unsubscribePage', summary: 'Unsubscribe confirmation page (changes nothing)', tag: 'readers', auth: 'public',
    params: [{ name: 'token', in: 'query', required: true, schema: text }],
    answers: { 200: html('A page with a confirm button.'), 404: err('An invalid link (`not_found`).') },
  },
  {
    method: 'post', path: '/api/unsubscribe', operationId: 'unsubscribe', summary: 'One-click unsubscribe (RFC 8058)', tag: 'readers', auth: 'public',
    params: [{ name: 'token', in: 'query', required: true, schema: text }],
    answers: { 200: html('A page saying so, or `{"unsubscribed":true}` with `Accept: application/json`.'), 404: err('An invalid link (`not_found`).') },
  },
  {
    method: 'get', path: '/api/openapi.json', operationId: 'openapi', summary: 'This document', tag: 'site', auth: 'public',
    answers: { 200: { description: 'OpenAPI 3.1.', contentType: 'application/json' } },
  },
  {
    method: 'get', path: '/avatars/{key}', operationId: 'avatar', summary: "A commenter's avatar (fetched by the server, or generated)", tag: 'readers', auth: 'public',
    params: [{ name: 'key', in: 'path', required: true, schema: text }],
    answers: { 200: { description: 'An image.', contentType: 'image/*' }, 404: err('An unknown key (`not_found`).') },
  },
  {
    method: 'get', path: '/auth/{provider}/start', operationId: 'signInStart', summary: 'Start signing in with a provider (opens in the popup)', tag: 'sign-in', auth: 'public',
    description: 'Redirects to the provider (OAuth 2.0 code flow with PKCE). Errors answer `{error}` JSON to `Accept: application/json`, otherwise a translated page.',
    params: [
      provider,
      { name: 'origin', in: 'query', required: true, schema: text, description: "The widget page's origin; one of the site's origins." },
      { name: 'nonce', in: 'query', required: true, schema: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,128}$/)), description: 'The widget\'s nonce, echoed in the message back.' },
      { name: 'mode', in: 'query', schema: v.optional(v.picklist(['popup', 'redirect']), 'popup') },
      { name: 'return', in: 'query', schema: text, description: 'Redirect mode: where to come back to, on the same origin.' },
      { name: 'lang', in: 'query', schema: v.pipe(v.string(), v.maxLength(35)), description: 'The language of the pages shown in the popup.' },
    ],
    answers: {
      302: { description: "To the provider's sign-in page." },
      400: html('A malformed request, or an origin or return address not allowed (`invalid`).'),
      404: html('The provider is not enabled (`not_found`).'),
      429: rateLimited,
      502: html('The provider could not be reached (`provider_error`).'),
    },
  },
  {
    method: 'get', path: '/auth/{provider}/callback', operationId: 'signInCallback', summary: 'Where the provider returns (hands a one-time code to the widget)', tag: 'sign-in', auth: 'public',
    params: [provider, { name: 'state', in: 'query', required: true, schema: text }, { name: 'code', in: 'query', schema: text }, { name: 'error', in: 'query', schema: text }],
    answers: {
      200: html('A page that posts a one-time code (valid 60 s) to the widget and closes.'),
      303: { description: 'Redirect mode: back to the page, the code in the fragment.' },
      400: html('An unknown, used or expired `state` (`invalid`).'),
      404: html('The provider is not enabled (`not_found`).'),
      502: html('The provider refused or failed (`provider_error`).'),
    },
  },
  {
    method: 'post', path: '/auth/exchange', operationId: 'signInExchange', summary: 'Exchange the one-time code for a session token', tag: 'sign-in', auth: 'public',
    description: 'Only from one of the site\'s origins (`Origin` is checked).',
    body: { schema: s.SignInExchangeRequestSchema, required: true },
    answers: {
      200: json(s.SignInExchangeResponseSchema, 'A session token; send it as `Authorization: Bearer`.'),
      ...bodyErrors,
      401: err('The code is unknown, already used or expired (`unauthorized`).'),
      403: err('Not from one of the site\'s origins (`forbidden`).'),
      429: rateLimited,
    },
  },
  {
    method: 'get', path: '/admin', operationId: 'adminPage', summary: 'The moderation page (loads /admin.js)', tag: 'admin', auth: 'public',
    answers: { 200: html('The page.'), 404: err('No admin password is configured (`not_found`).') },
  },
  {
    method: 'post', path: '/api/admin/login', operationId: 'adminLogin', summary: 'Exchange the admin password for an admin token', tag: 'admin', auth: 'public',
    body: { schema: s.AdminLoginRequestSchema, required: true },
    answers: {
      200: json(s.AdminLoginResponseSchema, 'An admin token (12 hours).'),
      ...bodyErrors,
      401: err('A wrong password (`unauthorized`).'),
      404: err('Admin is disabled: no password configured (`not_found`).'),
      429: rateLimited,
    },
  },
  {
    method: 'delete', path: '/api/admin/session', operationId: 'adminLogout', summary: 'Revoke the admin token', tag: 'admin', auth: 'admin',
    answers: { 204: { description: 'Revoked.' }, 401: noAdmin },
  },
  {
    method: 'get', path: '/api/admin/comments', operationId: 'adminListComments', summary: 'Moderation queue across pages, newest first', tag: 'admin', auth: 'admin',
    params: [
      { name: 'status', in: 'query', schema: v.optional(v.picklist(['pending', 'approved', 'spam', 'deleted', 'all']), 'pending') },
      { name: 'q', in: 'query', schema: v.pipe(v.string(), v.maxLength(LIMITS.searchMaxLength)), description: 'Case-insensitive search in body, name, email and page id.' },
      { name: 'page', in: 'query', schema: s.query.pageId, description: 'Only this page.' },
      { name: 'cursor', in: 'query', schema: s.query.cursor },
      { name: 'limit', in: 'query', schema: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIMITS.pageSizeMax)) },
    ],
    answers: { 200: json(s.AdminCommentListSchema, 'Comments.'), 400: err('A bad query (`invalid`).'), 401: noAdmin },
  },
  {
    method: 'post', path: '/api/admin/comments/{id}/status', operationId: 'adminSetStatus', summary: 'Approve, hold, mark as spam or delete', tag: 'admin', auth: 'admin',
    params: [commentId], body: { schema: s.AdminStatusRequestSchema, required: true },
    answers: { 200: json(s.AdminCommentResponseSchema, 'Updated.'), ...bodyErrors, 401: noAdmin, 404: err('No such comment (`not_found`).') },
  },
  {
    method: 'patch', path: '/api/admin/comments/{id}', operationId: 'adminEditComment', summary: 'Edit any comment', tag: 'admin', auth: 'admin',
    params: [commentId], body: { schema: s.AdminEditRequestSchema, required: true },
    answers: { 200: json(s.AdminCommentResponseSchema, 'Updated.'), ...bodyErrors, 401: noAdmin, 404: err('No such comment (`not_found`).') },
  },
  {
    method: 'post', path: '/api/admin/posts', operationId: 'adminAnnouncePost', summary: 'Email "Notify me of new posts" subscribers about a new article', tag: 'admin', auth: 'admin',
    body: { schema: s.AdminAnnounceRequestSchema, required: true },
    answers: {
      202: json(s.AdminAnnounceResponseSchema, 'Sending in the background.'),
      ...bodyErrors,
      401: noAdmin,
      422: err('Email is not configured (`unsupported`).'),
    },
  },
  {
    method: 'get', path: '/api/admin/export', operationId: 'adminExportPage', summary: 'Every comment of a page as JSON', tag: 'admin', auth: 'admin', params: [page],
    answers: { 200: json(s.PageExportSchema, 'The export (an attachment).'), 400: err('A bad page (`invalid`).'), 401: noAdmin },
  },
  {
    method: 'get', path: '/api/admin/commenters/export', operationId: 'adminExportCommenter', summary: 'Everything stored about an email address', tag: 'admin', auth: 'admin',
    params: [{ name: 'email', in: 'query', required: true, schema: s.query.email }],
    answers: { 200: json(s.CommenterExportSchema, 'The export (an attachment).'), 400: err('A bad email (`invalid`).'), 401: noAdmin },
  },
  {
    method: 'delete', path: '/api/admin/commenters', operationId: 'adminEraseCommenter', summary: 'Erase a commenter: comments anonymised; likes, subscriptions and avatar deleted', tag: 'admin', auth: 'admin',
    params: [{ name: 'email', in: 'query', required: true, schema: s.query.email }],
    answers: { 200: json(s.CommenterErasedSchema, 'What was erased.'), 400: err('A bad email (`invalid`).'), 401: noAdmin },
  },
];

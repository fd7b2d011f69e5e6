/**
 * The natter HTTP API as an OpenAPI 3.1 document, served at
 * `GET /api/openapi.json`. The widget's http backend is written against it;
 * the route tests check that every route is described.
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('Error'), description);
const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const body = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });

const commonErrors = {
  400: error('Invalid input (`invalid`, `too_long`, `spam`); nothing changed.'),
  413: error('Body larger than 64 KB (`too_long`).'),
  415: error('A body without `Content-Type: application/json` (`invalid`).'),
  429: { ...error('Rate limited (`rate_limited`); see `Retry-After`.'), headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait.' } } },
};

const string = { type: 'string' };
const isoDate = { type: 'string', format: 'date-time' };
const nullableString = { type: ['string', 'null'] };

/** The OpenAPI 3.1 document. */
export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'natter',
    version: '1',
    description:
      'The natter comment server. Every error is `{ "error": { "code", "message", "field"? } }` with a code from ' +
      '`src/protocol/error-codes.ts` of the natter package. Requests with a body need `Content-Type: application/json` and are parsed ' +
      'strictly: at most 64 KB, valid UTF-8, no unknown or duplicate keys, no `__proto__`/`constructor`/`prototype` ' +
      'keys, nesting at most 8 deep. CORS answers only the configured site origins (and the server\'s own). ' +
      'Identity: `Authorization: Bearer <session token>` for signed-in readers; `X-Natter-Visitor: <random secret>` ' +
      '(16..128 of A-Z a-z 0-9 _ -) marks a browser\'s own held comments and likes; guests edit/delete with ' +
      '`X-Natter-Edit-Token`. Responses never contain an email, a hash of one, an IP address or a user agent ' +
      '(admin responses excepted).',
  },
  servers: [{ url: '/' }],
  paths: {
    '/api/config': {
      get: { operationId: 'getConfig', summary: 'Site configuration', responses: { 200: json(ref('SiteConfig'), 'The site configuration.') } },
    },
    '/api/health': {
      get: {
        operationId: 'health', summary: 'Liveness for load balancers (checks the database)',
        responses: { 200: json({ type: 'object', required: ['ok'], properties: { ok: { const: true } } }, 'Healthy.'), 500: error('The database is unreachable (`server`).') },
      },
    },
    '/api/comments': {
      get: {
        operationId: 'listComments',
        summary: 'One page of a thread',
        description: 'Pagination counts threads (a top-level comment and its replies); every visible reply of those threads is included, oldest first, ' +
          'after the top-level ones. A thread whose top-level comment was deleted still lists its visible replies (parentId pointing at a comment not returned). ' +
          'Approved comments plus the caller\'s own held ones. `total` counts approved comments of the page. Weak ETag varies by caller; ' +
          'send `If-None-Match` for a 304.',
        parameters: [
          param('page'),
          { name: 'sort', in: 'query', schema: { enum: ['oldest', 'newest'], default: 'oldest' } },
          { name: 'cursor', in: 'query', schema: string, description: 'Opaque `nextCursor` of the previous page, read with the same sort.' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } },
          param('visitor'), param('ifNoneMatch'),
        ],
        responses: {
          200: { ...json(ref('CommentList'), 'Comments.'), headers: { ETag: { schema: string } } },
          304: { description: 'Not modified.' },
          400: error('Bad page, sort, limit or cursor.'),
          401: error('Invalid, expired or revoked session token.'),
        },
      },
      post: {
        operationId: 'postComment',
        summary: 'Post a comment',
        description: 'Guests send `guest`; signed-in readers must not. A retried `Idempotency-Key` (scoped to the caller) returns the stored ' +
          'comment with 200, never a second one. The body is Markdown, rendered without raw HTML. A guest\'s first comment is held by default ' +
          '(`status: pending`); a comment judged spam also answers `pending`.',
        parameters: [param('idempotencyKey'), param('visitor')],
        requestBody: body(ref('PostCommentRequest')),
        responses: {
          201: json(ref('PostCommentResponse'), 'Created.'),
          200: json(ref('PostCommentResponse'), 'The comment this idempotency key already created.'),
          ...commonErrors,
          401: error('Invalid session token.'),
          409: error('`duplicate`: "Duplicate comment detected; it looks as though you\'ve already said that!"'),
        },
      },
    },
    '/api/comments/{id}': {
      patch: {
        operationId: 'editComment',
        summary: 'Edit one\'s own comment within the edit window',
        parameters: [{ name: 'id', in: 'path', required: true, schema: string }, param('editToken'), param('visitor')],
        requestBody: body({ type: 'object', additionalProperties: false, required: ['body'], properties: { body: { type: 'string', minLength: 1, maxLength: 10000 } } }),
        responses: {
          200: json({ type: 'object', required: ['comment'], properties: { comment: ref('Comment') } }, 'The edited comment.'),
          ...commonErrors,
          401: error('Invalid session token.'),
          403: error('`forbidden` (not the author) or `edit_window_closed`.'),
          404: error('`not_found`.'),
        },
      },
      delete: {
        operationId: 'deleteComment',
        summary: 'Delete one\'s own comment within the edit window',
        parameters: [{ name: 'id', in: 'path', required: true, schema: string }, param('editToken')],
        responses: {
          204: { description: 'Deleted.' },
          401: error('Invalid session token.'),
          403: error('`forbidden` or `edit_window_closed`.'),
          404: error('`not_found`.'),
        },
      },
    },
    '/api/likes': {
      get: {
        operationId: 'getLikes', summary: 'Likes of a page', parameters: [param('page'), param('visitor')],
        responses: { 200: json(ref('LikeSummary'), 'Likes.'), 400: error('Bad page.') },
      },
      put: {
        operationId: 'like', summary: 'Like a page (idempotent)',
        description: 'The liker is the session user, else the visitor (`X-Natter-Visitor` required). A body is optional (`{}` or none); ' +
          'guests may give a public name and website; an email is used only for the avatar and never returned.',
        parameters: [param('page'), param('visitor')],
        requestBody: { required: false, content: { 'application/json': { schema: ref('LikeRequest') } } },
        responses: { 200: json(ref('LikeSummary'), 'Likes after the change.'), ...commonErrors },
      },
      delete: {
        operationId: 'unlike', summary: 'Unlike a page (idempotent)', parameters: [param('page'), param('visitor')],
        responses: { 200: json(ref('LikeSummary'), 'Likes after the change.'), 400: error('Bad page or no liker identity.'), 429: commonErrors[429] },
      },
    },
    '/api/counts': {
      get: {
        operationId: 'countComments', summary: 'Approved comment counts of up to 100 pages',
        parameters: [{ name: 'page', in: 'query', required: true, schema: { type: 'array', items: string, minItems: 1, maxItems: 100 }, style: 'form', explode: true }],
        responses: { 200: json(ref('Counts'), 'Counts; unknown pages count 0.'), 400: error('No page, more than 100, or a bad page id.') },
      },
    },
    '/count.js': {
      get: {
        operationId: 'countScript', summary: 'Listing-page script',
        description: 'Fills `<span data-natter-count="<pageId>"></span>` with the count; optional `data-natter-one="1 comment"` and ' +
          '`data-natter-many="{n} comments"` templates. Load with `<script src="https://natter.example/count.js" defer></script>`.',
        responses: { 200: { description: 'JavaScript.', content: { 'text/javascript': { schema: string } } } },
      },
    },
    '/api/events': {
      get: {
        operationId: 'events', summary: 'Live events of a page (Server-Sent Events)',
        description: 'Events: `ready` (`{}`, on connect), `comment` (data: a Comment as every reader sees it — new, edited or newly approved), ' +
          '`deleted` (data: `{"id"}` — deleted, held or marked spam), `likes` (data: `{"count"}`). Keep-alive comments every 25 s.',
        parameters: [param('page')],
        responses: { 200: { description: 'An event stream.', content: { 'text/event-stream': { schema: string } } }, 400: error('Bad page.') },
      },
    },
    '/api/session': {
      get: {
        operationId: 'getSession', summary: 'The current session', parameters: [param('authorization')],
        responses: { 200: json(ref('SessionResponse'), '`session` is null without a valid token.') },
      },
      delete: {
        operationId: 'signOut', summary: 'Revoke the session token', parameters: [param('authorization')],
        responses: { 204: { description: 'Revoked.' }, 401: error('No valid session.') },
      },
    },
    '/api/unsubscribe': {
      get: {
        operationId: 'unsubscribePage', summary: 'Unsubscribe confirmation page (changes nothing)',
        parameters: [{ name: 'token', in: 'query', required: true, schema: string }],
        responses: { 200: { description: 'HTML page with a confirm button.' }, 404: error('Invalid link.') },
      },
      post: {
        operationId: 'unsubscribe', summary: 'One-click unsubscribe (RFC 8058)',
        parameters: [{ name: 'token', in: 'query', required: true, schema: string }],
        responses: { 200: { description: 'HTML page, or `{"unsubscribed":true}` with `Accept: application/json`.' }, 404: error('Invalid link.') },
      },
    },
    '/api/openapi.json': { get: { operationId: 'openapi', summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1.' } } } },
    '/avatars/{key}': {
      get: {
        operationId: 'avatar', summary: 'A commenter\'s avatar (Gravatar fetched by the server, or generated)',
        parameters: [{ name: 'key', in: 'path', required: true, schema: string }],
        responses: { 200: { description: 'An image.' }, 404: error('Unknown key.') },
      },
    },
    '/admin': { get: { operationId: 'adminPage', summary: 'The admin page (loads /admin.js)', responses: { 200: { description: 'HTML.' } } } },
    '/api/admin/login': {
      post: {
        operationId: 'adminLogin', summary: 'Exchange the admin password for an admin token',
        requestBody: body({ type: 'object', additionalProperties: false, required: ['password'], properties: { password: string } }),
        responses: {
          200: json({ type: 'object', required: ['token', 'expiresAt'], properties: { token: string, expiresAt: isoDate } }, 'Admin token (12 hours).'),
          401: error('Wrong password.'), 404: error('Admin disabled (no password configured).'), ...commonErrors,
        },
      },
    },
    '/api/admin/session': {
      delete: { operationId: 'adminLogout', summary: 'Revoke the admin token', security: [{ admin: [] }], responses: { 204: { description: 'Revoked.' } } },
    },
    '/api/admin/comments': {
      get: {
        operationId: 'adminListComments', summary: 'Moderation queue across pages, newest first', security: [{ admin: [] }],
        parameters: [
          { name: 'status', in: 'query', schema: { enum: ['pending', 'approved', 'spam', 'deleted', 'all'], default: 'pending' } },
          { name: 'q', in: 'query', schema: { type: 'string', maxLength: 200 }, description: 'Case-insensitive search in body, name, email and page id.' },
          { name: 'page', in: 'query', schema: string, description: 'Only this page id.' },
          { name: 'cursor', in: 'query', schema: string },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } },
        ],
        responses: { 200: json(ref('AdminCommentList'), 'Comments.'), 400: error('Bad query.'), 401: error('No valid admin token.') },
      },
    },
    '/api/admin/comments/{id}/status': {
      post: {
        operationId: 'adminSetStatus', summary: 'Approve, hold, mark as spam or delete', security: [{ admin: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: string }],
        requestBody: body({ type: 'object', additionalProperties: false, required: ['status'], properties: { status: { enum: ['pending', 'approved', 'spam', 'deleted'] } } }),
        responses: { 200: json({ type: 'object', properties: { comment: ref('AdminComment') } }, 'Updated.'), 400: error('Bad status.'), 401: error('No valid admin token.'), 404: error('No such comment.') },
      },
    },
    '/api/admin/comments/{id}': {
      patch: {
        operationId: 'adminEditComment', summary: 'Edit any comment', security: [{ admin: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: string }],
        requestBody: body({ type: 'object', additionalProperties: false, required: ['body'], properties: { body: string } }),
        responses: { 200: json({ type: 'object', properties: { comment: ref('AdminComment') } }, 'Updated.'), 400: error('Bad body.'), 401: error('No valid admin token.'), 404: error('No such comment.') },
      },
    },
    '/api/admin/posts': {
      post: {
        operationId: 'adminAnnouncePost', summary: 'Email "Notify me of new posts" subscribers about a new article', security: [{ admin: [] }],
        requestBody: body({
          type: 'object', additionalProperties: false, required: ['title', 'url'],
          properties: { title: { type: 'string', minLength: 1, maxLength: 300 }, url: { type: 'string', description: 'Absolute http(s).' }, excerpt: { type: 'string', maxLength: 2000 } },
        }),
        responses: {
          202: json({ type: 'object', required: ['recipients'], properties: { recipients: { type: 'integer' } } }, 'Sending in the background.'),
          400: error('Bad title, URL or excerpt.'), 401: error('No valid admin token.'), 422: error('`unsupported`: email is not configured.'),
        },
      },
    },
    '/api/admin/export': {
      get: {
        operationId: 'adminExportPage', summary: 'Every comment of a page as JSON', security: [{ admin: [] }], parameters: [param('page')],
        responses: { 200: json(ref('PageExport'), 'The export (attachment).'), 401: error('No valid admin token.') },
      },
    },
    '/api/admin/commenters/export': {
      get: {
        operationId: 'adminExportCommenter', summary: 'Everything stored about an email address', security: [{ admin: [] }],
        parameters: [{ name: 'email', in: 'query', required: true, schema: string }],
        responses: { 200: json(ref('CommenterExport'), 'The export (attachment).'), 400: error('Bad email.'), 401: error('No valid admin token.') },
      },
    },
    '/api/admin/commenters': {
      delete: {
        operationId: 'adminEraseCommenter', summary: 'Erase a commenter: comments anonymised, likes, subscriptions and avatar deleted', security: [{ admin: [] }],
        parameters: [{ name: 'email', in: 'query', required: true, schema: string }],
        responses: { 200: json(ref('CommenterErased'), 'What was erased.'), 400: error('Bad email.'), 401: error('No valid admin token.') },
      },
    },
  },
  components: {
    securitySchemes: {
      session: { type: 'http', scheme: 'bearer', description: 'A reader\'s session token (from sign-in).' },
      admin: { type: 'http', scheme: 'bearer', description: 'An admin token from POST /api/admin/login.' },
    },
    parameters: {
      page: { name: 'page', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 512 }, description: 'The page id (opaque; never fetched).' },
      visitor: { name: 'X-Natter-Visitor', in: 'header', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,128}$' } },
      editToken: { name: 'X-Natter-Edit-Token', in: 'header', schema: string, description: 'The `editToken` a guest got when posting.' },
      idempotencyKey: { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$' } },
      ifNoneMatch: { name: 'If-None-Match', in: 'header', schema: string },
      authorization: { name: 'Authorization', in: 'header', schema: string, description: '`Bearer <session token>`' },
    },
    schemas: {
      Error: {
        type: 'object', required: ['error'],
        properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: string, message: string, field: string } } },
      },
      Author: {
        type: 'object', required: ['name'],
        properties: { name: string, url: { type: 'string', format: 'uri' }, avatarUrl: { type: 'string', format: 'uri' }, provider: { enum: ['wordpress', 'google', 'twitter', 'facebook'] } },
      },
      Comment: {
        type: 'object', required: ['id', 'pageId', 'parentId', 'author', 'bodyHtml', 'createdAt', 'status'],
        properties: {
          id: string, pageId: string, parentId: nullableString, author: ref('Author'),
          bodyHtml: { type: 'string', description: 'Rendered Markdown (no raw HTML); still untrusted for the widget.' },
          createdAt: isoDate, editedAt: isoDate, status: { enum: ['approved', 'pending'] },
          mine: { type: 'boolean', description: 'Only on the caller\'s own comments.' },
          editableUntil: { ...isoDate, description: 'Only when `mine`.' },
          source: { type: 'string', description: 'Markdown source; only when `mine`.' },
        },
      },
      CommentList: {
        type: 'object', required: ['comments', 'nextCursor', 'total'],
        properties: { comments: { type: 'array', items: ref('Comment') }, nextCursor: nullableString, total: { type: 'integer' } },
      },
      GuestIdentity: {
        type: 'object', additionalProperties: false, required: ['name', 'email'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 64, description: 'NFC; control, bidi and zero-width characters rejected.' },
          email: { type: 'string', maxLength: 254 },
          url: { type: 'string', maxLength: 2048, description: 'Absolute http(s), normalised; empty means none.' },
        },
      },
      PostCommentRequest: {
        type: 'object', additionalProperties: false, required: ['pageId', 'body'],
        properties: {
          pageId: { type: 'string', minLength: 1, maxLength: 512 }, parentId: nullableString,
          body: { type: 'string', minLength: 1, maxLength: 10000 }, guest: ref('GuestIdentity'),
          notifyReplies: { type: 'boolean' }, notifyPosts: { type: 'boolean' },
          pageTitle: { type: 'string', maxLength: 300 },
          pageUrl: { type: 'string', description: 'Absolute http(s); kept (for emails and the admin) only when on an allowed site origin.' },
          elapsedMs: { type: 'integer', minimum: 0, description: 'Under 2000 is rejected as `spam`.' },
          honeypot: { type: 'string', description: 'Non-empty is rejected as `spam`.' },
        },
      },
      PostCommentResponse: {
        type: 'object', required: ['comment'],
        properties: { comment: ref('Comment'), editToken: { type: 'string', description: 'Guests only; send as X-Natter-Edit-Token.' } },
      },
      LikeRequest: {
        type: 'object', additionalProperties: false,
        properties: { guest: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: string, email: string, url: string } } },
      },
      LikeSummary: {
        type: 'object', required: ['count', 'liked', 'likers'],
        properties: { count: { type: 'integer' }, liked: { type: 'boolean' }, likers: { type: 'array', maxItems: 20, items: ref('Author') } },
      },
      Counts: { type: 'object', required: ['counts'], properties: { counts: { type: 'object', additionalProperties: { type: 'integer' } } } },
      Session: {
        type: 'object', required: ['provider', 'user'],
        properties: {
          provider: { enum: ['wordpress', 'google', 'twitter', 'facebook'] },
          user: { type: 'object', required: ['id', 'name'], properties: { id: string, name: string, avatarUrl: string, profileUrl: string } },
        },
      },
      SessionResponse: { type: 'object', required: ['session'], properties: { session: { oneOf: [ref('Session'), { type: 'null' }] } } },
      SiteConfig: {
        type: 'object', required: ['providers', 'guests', 'requireNameEmail', 'features', 'limits'],
        properties: {
          providers: { type: 'array', items: { enum: ['wordpress', 'google', 'twitter', 'facebook'] } },
          guests: { type: 'boolean' }, requireNameEmail: { type: 'boolean' }, simulatedSignIn: { type: 'boolean' },
          features: {
            type: 'object', required: ['likes', 'notifyReplies', 'notifyPosts', 'edit', 'live'],
            properties: { likes: { type: 'boolean' }, notifyReplies: { type: 'boolean' }, notifyPosts: { type: 'boolean' }, edit: { type: 'boolean' }, live: { type: 'boolean' } },
          },
          limits: {
            type: 'object', required: ['bodyMaxLength', 'nameMaxLength', 'urlMaxLength', 'editWindowSeconds', 'pageSizeMax'],
            properties: { bodyMaxLength: { type: 'integer' }, nameMaxLength: { type: 'integer' }, urlMaxLength: { type: 'integer' }, editWindowSeconds: { type: 'integer' }, pageSizeMax: { type: 'integer' } },
          },
        },
      },
      AdminComment: {
        type: 'object',
        required: ['id', 'pageId', 'pageTitle', 'pageUrl', 'parentId', 'status', 'author', 'source', 'bodyHtml', 'createdAt', 'editedAt', 'ip', 'userAgent'],
        properties: {
          id: string, pageId: string, pageTitle: nullableString, pageUrl: nullableString, parentId: nullableString,
          status: { enum: ['pending', 'approved', 'spam', 'deleted'] },
          author: { allOf: [ref('Author'), { type: 'object', required: ['email'], properties: { email: nullableString } }] },
          source: string, bodyHtml: string, createdAt: isoDate, editedAt: { type: ['string', 'null'], format: 'date-time' },
          ip: nullableString, userAgent: nullableString,
        },
      },
      AdminCommentList: {
        type: 'object', required: ['comments', 'nextCursor'],
        properties: { comments: { type: 'array', items: ref('AdminComment') }, nextCursor: nullableString },
      },
      PageExport: {
        type: 'object', required: ['pageId', 'exportedAt', 'comments'],
        properties: { pageId: string, exportedAt: isoDate, comments: { type: 'array', items: ref('AdminComment') } },
      },
      CommenterExport: {
        type: 'object', required: ['email', 'exportedAt', 'comments', 'likes', 'subscriptions'],
        properties: {
          email: string, exportedAt: isoDate, comments: { type: 'array', items: ref('AdminComment') },
          likes: { type: 'array', items: { type: 'object', properties: { pageId: string, name: string, url: nullableString, createdAt: isoDate } } },
          subscriptions: { type: 'array', items: { type: 'object', properties: { kind: { enum: ['replies', 'posts'] }, pageId: string, name: string, createdAt: isoDate } } },
        },
      },
      CommenterErased: {
        type: 'object', required: ['comments', 'likes', 'subscriptions'],
        properties: { comments: { type: 'integer' }, likes: { type: 'integer' }, subscriptions: { type: 'integer' } },
      },
    },
  },
} as const;

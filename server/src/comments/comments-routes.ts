import { Hono, type Context } from 'hono';
import { EditCommentRequestSchema, IDEMPOTENCY_KEY_PATTERN, PostCommentRequestSchema, type PostCommentResponse } from 'natter/protocol';
import { announceChange } from '../announce';
import { ApiError, invalid } from '../http/api-error';
import { parseWith } from '../http/parse-with';
import { resolveCaller, type Caller } from '../http/caller';
import { publicComment } from './comment-view';
import { hmac, safeEqual, sha256 } from '../http/crypto';
import { contentHash } from './content-hash';
import { answerEtag, answerKey, pageQuery, readCommentPage, viewPage } from './comment-page';
import { checkBotSignals, decideStatus } from './moderation';
import { readJson } from '../http/request-helpers';
import type { Services } from '../services';
import { idNumber } from '../storage/rows';
import type { StoredComment } from '../storage/storage';

const IDEMPOTENCY_KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

/** Renders Markdown; a renderer failure is a server error, never partial HTML. */
export function render(s: Services, source: string): string {
  try {
    return s.renderMarkdown(source);
  } catch (cause) {
    throw new ApiError(500, 'server', 'Could not render the comment', { cause });
  }
}

/** The comment `id` names, or 404. */
async function loadComment(s: Services, id: string): Promise<StoredComment> {
  const comment = idNumber(id) === null ? null : await s.storage.getComment(id);
  if (!comment || comment.status === 'deleted') throw new ApiError(404, 'not_found', 'No such comment');
  return comment;
}

/** Checks that the caller may change the comment now (author's session or the guest's edit token, within the window). */
function authorize(s: Services, c: Context, caller: Caller, comment: StoredComment): void {
  const token = c.req.header('x-natter-edit-token');
  const bySession = caller.user !== null && comment.userId === caller.user.id;
  const byToken = token !== undefined && token.length <= 256 && comment.editTokenHash !== null &&
    safeEqual(sha256(token), comment.editTokenHash);
  if (!bySession && !byToken) throw new ApiError(403, 'forbidden', 'Only the author may change this comment');
  if (s.now() > comment.createdAt + s.editWindowMs) {
    throw new ApiError(403, 'edit_window_closed', 'The time to edit or delete this comment has passed');
  }
}

/** `GET|POST /api/comments`, `PATCH|DELETE /api/comments/:id`. */
export function commentRoutes(s: Services): Hono {
  const app = new Hono();
  const view = { publicUrl: s.config.publicUrl, editWindowMs: s.editWindowMs };

  // A page's answers are kept ready, compressed (Services.answers): the key
  // names the page's version, the query and the view, so an entry is never stale.
  app.get('/api/comments', async (c) => {
    const query = pageQuery(c);
    const caller = await resolveCaller(c, s);
    const page = await viewPage(s, query.pageId, caller);
    const key = answerKey('comments', query, page);
    return s.answers.json(c, key, () => answerEtag(s, key), () => readCommentPage(s, query, page.viewer),
      { vary: 'Authorization, X-Natter-Visitor', cacheControl: caller.user === null ? 'private, no-cache' : 'no-store' });
  });

  app.post('/api/comments', async (c) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined || !IDEMPOTENCY_KEY.test(key)) {
      throw invalid('The Idempotency-Key header is required (8..128 characters of A-Z a-z 0-9 _ - . :)', 'idempotencyKey');
    }
    const input = parseWith(PostCommentRequestSchema, await readJson(c), 'comment');
    const caller = await resolveCaller(c, s);
    const { pageId, body: source, notifyReplies = false, notifyPosts = false } = input;
    const parentRaw = input.parentId ?? undefined;
    if (parentRaw !== undefined && idNumber(parentRaw) === null) throw invalid('The parentId must be a comment id or null', 'parentId');
    const pageTitle = input.pageTitle ?? null;
    // Emails link to the page: only a URL on one of the site's origins is kept.
    const pageUrl = input.pageUrl !== undefined && s.allowedOrigins.includes(new URL(input.pageUrl).origin) ? input.pageUrl : null;

    let guest: { name: string; email: string; url: string | null } | null = null;
    if (caller.user === null) {
      if (input.guest === undefined) throw invalid('Guests must give a name and an email', 'guest');
      guest = { name: input.guest.name, email: input.guest.email, url: input.guest.url || null };
    } else if (input.guest !== undefined) {
      throw invalid('Signed in, the session is the identity: guest details are not accepted', 'guest');
    }

    const scope = caller.user ? `u:${caller.user.id}` : caller.visitorHash ? `v:${caller.visitorHash}` : `e:${guest?.email ?? ''}`;
    const storedKey = sha256(`${scope}\u0000${key}`);
    const editToken = caller.user ? undefined : hmac(s.secret, 'edit-token', storedKey);
    const viewer = { userId: caller.user?.id ?? null, visitorHash: caller.visitorHash };
    const answer = (comment: StoredComment, status: 200 | 201) => {
      const body: PostCommentResponse = { comment: publicComment(comment, view, viewer) };
      // A replay hands the edit secret back only to the browser that posted (its visitor id is in the key's scope);
      // a key scoped by email alone proves nothing, since anyone may type that email.
      if (editToken !== undefined && (status === 201 || caller.visitorHash !== null)) body.editToken = editToken;
      c.header('Cache-Control', 'no-store');
      return c.json(body, status);
    };

    const replay = await s.storage.getCommentByIdempotencyKey(storedKey);
    if (replay) return answer(replay, 200);

    const botSignals = checkBotSignals(s, input.honeypot, input.elapsedMs);
    const identity = caller.user ? `u:${caller.user.id}` : `e:${guest?.email ?? ''}`;
    await s.limiter.hit([`post:ip:${caller.ip}`], s.rules.postPerIp);
    await s.limiter.hit([`post:id:${identity}`], s.rules.postPerIdentity);

    let rootId: string | null = null;
    if (parentRaw !== undefined) {
      const parent = await s.storage.getVisibleComment(parentRaw, viewer);
      if (!parent || parent.pageId !== pageId) throw invalid('The parent comment does not exist on this page', 'parentId');
      rootId = parent.rootId ?? parent.id;
    }

    const hash = contentHash(source);
    const duplicate = await s.storage.findDuplicate(pageId, hash, caller.user ? { userId: caller.user.id } : { email: guest?.email ?? '' });
    if (duplicate) {
      // A retry of this very key, raced on another process, is not a duplicate: answer the stored comment.
      const raced = await s.storage.getCommentByIdempotencyKey(storedKey);
      if (raced) return answer(raced, 200);
      throw new ApiError(409, 'duplicate', "Duplicate comment detected; it looks as though you've already said that!");
    }

    const bodyHtml = render(s, source);
    const authorName = caller.user?.name ?? guest?.name ?? '';
    let status = await decideStatus(s, caller.user ? { user: caller.user } : { email: guest?.email ?? '', name: authorName }, {
      body: source, authorName, authorEmail: guest?.email ?? caller.user?.email ?? null, authorUrl: guest?.url ?? caller.user?.profileUrl ?? null,
      userId: caller.user?.id ?? null, ip: caller.ip, userAgent: caller.userAgent, pageId, pageUrl,
    });
    // A client that leaves the bot signals out is not trusted with publishing straight away.
    if (botSignals === 'missing' && status === 'approved') status = 'pending';
    const avatarId = caller.user ? `${caller.user.provider}:${caller.user.subject}` : guest?.email ?? '';
    const avatarKey = s.avatarKey(avatarId);

    const { comment, created } = await s.storage.insertComment({
      pageId, parentId: parentRaw ?? null, rootId, status, userId: caller.user?.id ?? null, authorName,
      authorEmail: guest?.email ?? null, authorUrl: guest?.url ?? caller.user?.profileUrl ?? null,
      authorProvider: caller.user?.provider ?? null, avatarKey, visitorHash: caller.visitorHash,
      editTokenHash: editToken === undefined ? null : sha256(editToken), source, bodyHtml, contentHash: hash,
      idempotencyKey: storedKey, ip: caller.ip, userAgent: caller.userAgent, createdAt: s.now(), pageTitle, pageUrl,
      avatarSource: caller.user ? { email: null, url: caller.user.avatarUrl } : { email: guest?.email ?? null, url: null },
    });
    if (!created) return answer(comment, 200);

    const email = guest?.email ?? caller.user?.email ?? null;
    if (email !== null && (notifyReplies || notifyPosts)) {
      const name = authorName;
      if (notifyReplies) await s.storage.subscribe({ kind: 'replies', pageId, email, name, createdAt: s.now() });
      if (notifyPosts) await s.storage.subscribe({ kind: 'posts', pageId: '', email, name, createdAt: s.now() });
    }
    announceChange(s, null, comment);
    return answer(comment, 201);
  });

  app.patch('/api/comments/:id', async (c) => {
    const { body: source } = parseWith(EditCommentRequestSchema, await readJson(c), 'edit');
    const caller = await resolveCaller(c, s);
    const comment = await loadComment(s, c.req.param('id'));
    authorize(s, c, caller, comment);
    await s.limiter.hit([`edit:ip:${caller.ip}`], s.rules.editPerIp);
    const updated = await s.storage.updateCommentBody(comment.id, source, render(s, source), contentHash(source), s.now());
    if (!updated) throw new ApiError(404, 'not_found', 'No such comment');
    announceChange(s, comment, updated);
    c.header('Cache-Control', 'no-store');
    return c.json({ comment: publicComment(updated, view, { userId: caller.user?.id ?? null, visitorHash: caller.visitorHash }) });
  });

  app.delete('/api/comments/:id', async (c) => {
    const caller = await resolveCaller(c, s);
    const comment = await loadComment(s, c.req.param('id'));
    authorize(s, c, caller, comment);
    const updated = await s.storage.setCommentStatus(comment.id, 'deleted', s.now());
    if (updated) announceChange(s, comment, updated);
    return c.body(null, 204);
  });

  return app;
}

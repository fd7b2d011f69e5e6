import { Hono, type Context } from 'hono';
import {
  AdminAnnounceRequestSchema, AdminEditRequestSchema, AdminLoginRequestSchema, AdminStatusRequestSchema, query,
  type AdminCommentList, type AdminLoginResponse, type CommenterErased, type CommenterExport, type PageExport,
} from 'natter/protocol';
import { announceChange, unsubscribeUrl } from '../announce';
import { ApiError, invalid } from '../http/api-error';
import { clientIp } from '../http/caller';
import { LoginBackoff, type BackoffBucket } from './login-backoff';
import { adminComment } from '../comments/comment-view';
import { safeEqual } from '../http/crypto';
import { decodeCursor, encodeCursor } from '../comments/cursor';
import { pageParam, parseWith } from '../http/parse-with';
import { htmlPage } from '../http/html-page';
import { bearerToken, queryOne, queryOptional, readJson } from '../http/request-helpers';
import type { Services } from '../services';
import { idNumber } from '../storage/rows';
import { COMMENT_STATUSES, type CommentStatus, type StoredComment } from '../storage/storage';
import { render } from '../comments/comments-routes';
import { contentHash } from '../comments/content-hash';

function isStatus(value: unknown): value is CommentStatus {
  return typeof value === 'string' && COMMENT_STATUSES.some((s) => s === value);
}

/**
 * The failure buckets of one admin login: always the account's, and the
 * caller's address when it names the caller. Behind a reverse proxy without
 * `--trust-proxy` every caller shares the proxy's address; counting that would
 * let anyone's wrong passwords keep the moderator out for the address's whole
 * delay, so only the account's short-capped delay applies there.
 */
function loginBuckets(c: Context, s: Services): BackoffBucket[] {
  const buckets: BackoffBucket[] = [{ key: 'admin-login:account', rule: s.rules.adminLogin.account }];
  const forwarded = c.req.header('x-forwarded-for') !== undefined || c.req.header('forwarded') !== undefined;
  if (s.config.trustProxy > 0 || !forwarded) {
    buckets.push({ key: `admin-login:ip:${clientIp(c, s.config.trustProxy)}`, rule: s.rules.adminLogin.ip });
  }
  return buckets;
}

/** The admin page and API: login with the admin password, then `Authorization: Bearer <admin token>`. */
export function adminRoutes(s: Services): Hono {
  const app = new Hono();
  const view = { publicUrl: s.config.publicUrl, editWindowMs: s.editWindowMs };
  const enabled = () => {
    if (s.config.adminPassword === null) throw new ApiError(404, 'not_found', 'The admin API is disabled (no admin password is set)');
  };
  const withPages = async (comments: StoredComment[]) => {
    const pages = new Map<string, { title: string | null; url: string | null } | null>();
    for (const c of comments) if (!pages.has(c.pageId)) pages.set(c.pageId, await s.storage.getPage(c.pageId));
    return comments.map((c) => adminComment(c, view, pages.get(c.pageId) ?? null));
  };
  const load = async (id: string) => {
    const comment = idNumber(id) === null ? null : await s.storage.getComment(id);
    if (!comment) throw new ApiError(404, 'not_found', 'No such comment');
    return comment;
  };
  const emailQuery = (c: Context) => parseWith(query.email, queryOne(c, 'email'), 'email', 'email');
  const backoff = new LoginBackoff(s.storage, s.now);

  app.get('/admin', (c) => {
    const body = `<div id="natter-admin"><noscript>The admin page needs JavaScript.</noscript></div><script type="module" src="/admin.js"></script>`;
    return c.body(htmlPage('natter admin', body), 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      'Cache-Control': 'no-store',
    });
  });

  app.post('/api/admin/login', async (c) => {
    enabled();
    const input = parseWith(AdminLoginRequestSchema, await readJson(c), 'login');
    const buckets = loginBuckets(c, s);
    await backoff.check(buckets);
    if (!safeEqual(input.password, s.config.adminPassword ?? '')) {
      await backoff.failed(buckets);
      throw new ApiError(401, 'unauthorized', 'Wrong admin password');
    }
    await backoff.succeeded(buckets);
    const { token, expiresAt } = await s.sessions.issueAdminToken();
    const body: AdminLoginResponse = { token, expiresAt: new Date(expiresAt).toISOString() };
    return c.json(body);
  });

  app.use('/api/admin/*', async (c, next) => {
    if (c.req.path === '/api/admin/login') return next();
    enabled();
    const token = bearerToken(c);
    if (token === null || !(await s.sessions.verifyAdmin(token))) throw new ApiError(401, 'unauthorized', 'An admin token is required');
    return next();
  });

  app.delete('/api/admin/session', async (c) => {
    const token = bearerToken(c);
    if (token !== null) await s.sessions.revoke(token, 'admin');
    return c.body(null, 204);
  });

  app.get('/api/admin/comments', async (c) => {
    const status = queryOptional(c, 'status') ?? 'pending';
    if (status !== 'all' && !isStatus(status)) throw invalid('status must be pending, approved, spam, deleted or all', 'status');
    const q = queryOptional(c, 'q') ?? null;
    if (q !== null && q.length > 200) throw invalid('The search is too long', 'q');
    const pageRaw = queryOptional(c, 'page');
    const pageId = pageRaw === undefined ? null : pageParam(pageRaw);
    const cursor = queryOptional(c, 'cursor');
    const before = cursor === undefined ? null : decodeCursor('admin', cursor);
    const limitRaw = queryOptional(c, 'limit') ?? '50';
    if (!/^[0-9]{1,3}$/.test(limitRaw) || Number(limitRaw) < 1 || Number(limitRaw) > 100) throw invalid('limit must be 1..100', 'limit');
    const result = await s.storage.listForModeration({ status, q, pageId, before, limit: Number(limitRaw) });
    const last = result.comments[result.comments.length - 1];
    const body: AdminCommentList = {
      comments: await withPages(result.comments),
      nextCursor: result.hasMore && last ? encodeCursor('admin', last.id) : null,
    };
    return c.json(body);
  });

  app.post('/api/admin/comments/:id/status', async (c) => {
    const input = parseWith(AdminStatusRequestSchema, await readJson(c), 'status change');
    const before = await load(c.req.param('id'));
    const after = await s.storage.setCommentStatus(before.id, input.status, s.now());
    if (!after) throw new ApiError(404, 'not_found', 'No such comment');
    announceChange(s, before, after);
    const [item] = await withPages([after]);
    return c.json({ comment: item });
  });

  app.patch('/api/admin/comments/:id', async (c) => {
    const { body: source } = parseWith(AdminEditRequestSchema, await readJson(c), 'edit');
    const before = await load(c.req.param('id'));
    const after = await s.storage.updateCommentBody(before.id, source, render(s, source), contentHash(source), s.now());
    if (!after) throw new ApiError(404, 'not_found', 'No such comment');
    announceChange(s, before, after);
    const [item] = await withPages([after]);
    return c.json({ comment: item });
  });

  app.post('/api/admin/posts', async (c) => {
    const input = parseWith(AdminAnnounceRequestSchema, await readJson(c), 'new post');
    const { title, url } = input;
    const excerpt = input.excerpt ?? null;
    if (!s.notifier?.postPublished) throw new ApiError(422, 'unsupported', 'Email is not configured (no --smtp)');
    const subs = await s.storage.listSubscriptions('posts', '');
    const recipients = subs.map((sub) => ({ email: sub.email, name: sub.name, unsubscribeUrl: unsubscribeUrl(s, sub.id) }));
    s.background(s.notifier.postPublished({ title, url, excerpt, recipients }));
    return c.json({ recipients: recipients.length }, 202);
  });

  app.get('/api/admin/export', async (c) => {
    const pageId = pageParam(queryOne(c, 'page'));
    const body: PageExport = {
      pageId, exportedAt: new Date(s.now()).toISOString(), comments: await withPages(await s.storage.exportPage(pageId)),
    };
    c.header('Content-Disposition', 'attachment; filename="natter-export.json"');
    return c.json(body);
  });

  app.get('/api/admin/commenters/export', async (c) => {
    const email = emailQuery(c);
    const data = await s.storage.commenterData(email);
    const iso = (t: number) => new Date(t).toISOString();
    const body: CommenterExport = {
      email,
      exportedAt: iso(s.now()),
      comments: await withPages(data.comments),
      likes: data.likes.map((l) => ({ pageId: l.pageId, name: l.name, url: l.url, createdAt: iso(l.createdAt) })),
      subscriptions: data.subscriptions.map((x) => ({ kind: x.kind, pageId: x.pageId, name: x.name, createdAt: iso(x.createdAt) })),
    };
    c.header('Content-Disposition', 'attachment; filename="natter-commenter.json"');
    return c.json(body);
  });

  app.delete('/api/admin/commenters', async (c) => {
    const email = emailQuery(c);
    const body: CommenterErased = await s.storage.eraseCommenter(email);
    return c.json(body);
  });

  return app;
}


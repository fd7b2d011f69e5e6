import { NatterError } from 'natter';
import { isErrorCode, type ErrorCode } from 'natter/protocol';

/** Moderation statuses. */
export const STATUSES = ['pending', 'approved', 'spam', 'deleted'] as const;
/** One of {@link STATUSES}. */
export type AdminStatus = (typeof STATUSES)[number];
/** Which comments the queue lists. */
export type StatusFilter = AdminStatus | 'all';

/** A comment as the moderator sees it, narrowed from the admin API's JSON. */
export interface AdminCommentView {
  id: string;
  pageId: string;
  pageTitle: string | null;
  pageUrl: string | null;
  status: AdminStatus;
  author: { name: string; url: string | null; email: string | null };
  /** Untrusted HTML: rendered only through the allowlist rebuild. */
  bodyHtml: string;
  /** The Markdown source, for editing. */
  source: string;
  createdAt: string;
}

/** One page of the moderation queue. */
export interface AdminCommentPage {
  comments: AdminCommentView[];
  nextCursor: string | null;
}

/** What to list. */
export interface AdminListQuery {
  status: StatusFilter;
  /** Free-text search. */
  q?: string;
  /** Only this page id. */
  page?: string;
  cursor?: string | null;
}

/** The admin API, as the admin page uses it. Every call but `login` takes the admin token. */
export interface AdminApi {
  /** Exchanges the admin password for a token. */
  login(password: string): Promise<string>;
  /** Revokes the token on the server. */
  logout(token: string): Promise<void>;
  listComments(token: string, query: AdminListQuery): Promise<AdminCommentPage>;
  setStatus(token: string, id: string, status: AdminStatus): Promise<AdminCommentView>;
  editComment(token: string, id: string, body: string): Promise<AdminCommentView>;
  /** The page's comments as a JSON file. */
  exportPage(token: string, pageId: string): Promise<Blob>;
}

/** Options for {@link createAdminApi}. */
export interface AdminApiOptions {
  /** Origin (and path prefix) of the natter server. @default '' (same origin) */
  baseUrl?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function isStatus(value: unknown): value is AdminStatus {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

/** Narrows one admin comment; `null` when a required field is missing or of the wrong type. */
export function narrowAdminComment(value: unknown): AdminCommentView | null {
  if (!isRecord(value) || !isRecord(value.author)) return null;
  const { id, pageId, status, bodyHtml, createdAt } = value;
  const { name } = value.author;
  if (typeof id !== 'string' || typeof pageId !== 'string' || !isStatus(status) || typeof bodyHtml !== 'string' ||
    typeof createdAt !== 'string' || typeof name !== 'string') return null;
  return {
    id,
    pageId,
    pageTitle: optionalString(value.pageTitle),
    pageUrl: optionalString(value.pageUrl),
    status,
    author: {
      name,
      url: optionalString(value.author.url),
      // The email sits on the author; older answers put it beside it.
      email: optionalString(value.author.email) ?? optionalString(value.email),
    },
    bodyHtml,
    source: typeof value.source === 'string' ? value.source : '',
    createdAt,
  };
}

function malformed(operation: string): NatterError {
  return new NatterError('server', `${operation}: the server's answer is malformed`);
}

function statusCode(status: number): ErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 413) return 'too_long';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'invalid';
  return 'server';
}

/** The error for a non-2xx answer: the code from its `{ error: { code } }` body, else from the status. */
async function responseError(operation: string, response: Response): Promise<NatterError> {
  let code = statusCode(response.status);
  try {
    const body: unknown = await response.json();
    if (isRecord(body) && isRecord(body.error) && isErrorCode(body.error.code)) code = body.error.code;
  } catch {
    // Not JSON: the status decides.
  }
  const retry = Number(response.headers.get('retry-after'));
  return new NatterError(code, `${operation}: the server answered ${response.status}`,
    Number.isFinite(retry) && retry > 0 ? { retryAfter: retry } : {});
}

function commentFrom(operation: string, body: unknown): AdminCommentView {
  const comment = narrowAdminComment(isRecord(body) ? body.comment : undefined);
  if (!comment) throw malformed(operation);
  return comment;
}

/**
 * The admin API client over `fetch`: JSON in and out, `Authorization: Bearer`,
 * errors as {@link NatterError} with the server's code.
 *
 * @example const api = createAdminApi(); const token = await api.login(password);
 */
export function createAdminApi(options: AdminApiOptions = {}): AdminApi {
  const base = (options.baseUrl ?? '').replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  async function call(operation: string, path: string, init: RequestInit & { token?: string; json?: unknown }): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
    const request: RequestInit = { method: init.method ?? 'GET', headers, cache: 'no-store' };
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      request.body = JSON.stringify(init.json);
    }
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, request);
    } catch (cause) {
      throw new NatterError('network', `${operation}: the server could not be reached`, { cause });
    }
    if (!response.ok) throw await responseError(operation, response);
    return response;
  }

  async function json(operation: string, response: Response): Promise<unknown> {
    try {
      return await response.json();
    } catch (cause) {
      throw new NatterError('server', `${operation}: the answer is not JSON`, { cause });
    }
  }

  return {
    async login(password) {
      const op = 'admin login';
      const body = await json(op, await call(op, '/api/admin/login', { method: 'POST', json: { password } }));
      if (!isRecord(body) || typeof body.token !== 'string' || body.token === '') throw malformed(op);
      return body.token;
    },

    async logout(token) {
      await call('admin logout', '/api/admin/session', { method: 'DELETE', token });
    },

    async listComments(token, query) {
      const op = 'list comments for moderation';
      const params = new URLSearchParams({ status: query.status });
      if (query.q) params.set('q', query.q);
      if (query.page) params.set('page', query.page);
      if (query.cursor) params.set('cursor', query.cursor);
      const body = await json(op, await call(op, `/api/admin/comments?${params}`, { token }));
      if (!isRecord(body) || !Array.isArray(body.comments)) throw malformed(op);
      const comments = body.comments.map(narrowAdminComment);
      if (comments.some((c) => c === null)) throw malformed(op);
      const nextCursor = typeof body.nextCursor === 'string' && body.nextCursor !== '' ? body.nextCursor : null;
      return { comments: comments.filter((c): c is AdminCommentView => c !== null), nextCursor };
    },

    async setStatus(token, id, status) {
      const op = 'change a comment status';
      const response = await call(op, `/api/admin/comments/${encodeURIComponent(id)}/status`, { method: 'POST', token, json: { status } });
      return commentFrom(op, await json(op, response));
    },

    async editComment(token, id, body) {
      const op = 'edit a comment';
      const response = await call(op, `/api/admin/comments/${encodeURIComponent(id)}`, { method: 'PATCH', token, json: { body } });
      return commentFrom(op, await json(op, response));
    },

    async exportPage(token, pageId) {
      const op = 'export a page';
      const response = await call(op, `/api/admin/export?${new URLSearchParams({ page: pageId })}`, { token });
      return new Blob([await response.text()], { type: 'application/json' });
    },
  };
}

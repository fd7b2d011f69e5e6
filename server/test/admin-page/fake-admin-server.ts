/**
 * An in-memory stand-in for the natter server's admin API, as a `fetch`:
 * password login, bearer tokens, status filters, search, cursors, status
 * changes, edits and page export — the shapes the real routes answer with.
 */
export interface FakeComment {
  id: string;
  pageId: string;
  pageTitle: string | null;
  pageUrl: string | null;
  parentId: string | null;
  status: 'pending' | 'approved' | 'spam' | 'deleted';
  author: { name: string; url?: string; email: string | null };
  source: string;
  bodyHtml: string;
  createdAt: string;
  editedAt: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | null;
  contentType: string | null;
  body: unknown;
}

export const PASSWORD = 'correct horse battery staple';

let serial = 0;

/** A comment with sensible defaults. */
export function fakeComment(over: Partial<FakeComment> & { id: string }): FakeComment {
  serial++;
  return {
    pageId: '/small-is-beautiful',
    pageTitle: 'Small is beautiful?',
    pageUrl: 'https://blog.example/small-is-beautiful',
    parentId: null,
    status: 'pending',
    author: { name: `Reader ${serial}`, email: `reader${serial}@example.com` },
    source: `Comment ${over.id}`,
    bodyHtml: `<p>Comment ${over.id}</p>`,
    createdAt: new Date(Date.UTC(2026, 10, 1, 12, serial)).toISOString(),
    editedAt: null,
    ip: '203.0.113.9',
    userAgent: 'test',
    ...over,
  };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function error(status: number, code: string, message: string): Response {
  return json(status, { error: { code, message } });
}

/** The fake server; `fetch` is what the admin page is given. */
export function fakeAdminServer(initial: FakeComment[], options: { pageSize?: number } = {}) {
  const comments = initial.map((c) => structuredClone(c));
  const calls: Call[] = [];
  const tokens = new Set<string>();
  const pageSize = options.pageSize ?? 50;
  let issued = 0;
  let failNext: Response | null = null;

  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input), 'http://natter.test');
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    const raw = typeof init?.body === 'string' ? init.body : null;
    const call: Call = {
      method, path: url.pathname, query: url.searchParams, authorization: headers.get('authorization'),
      contentType: headers.get('content-type'), body: raw === null ? undefined : JSON.parse(raw),
    };
    calls.push(call);
    if (failNext) {
      const answer = failNext;
      failNext = null;
      return answer;
    }
    const body = (call.body ?? {}) as Record<string, unknown>;

    if (method === 'POST' && url.pathname === '/api/admin/login') {
      if (body.password !== PASSWORD) return error(401, 'unauthorized', 'Wrong admin password');
      const token = `admin-token-${++issued}`;
      tokens.add(token);
      return json(200, { token, expiresAt: '2030-01-01T00:00:00.000Z' });
    }
    const token = call.authorization?.replace(/^Bearer /, '') ?? '';
    if (!tokens.has(token)) return error(401, 'unauthorized', 'An admin token is required');

    if (method === 'DELETE' && url.pathname === '/api/admin/session') {
      tokens.delete(token);
      return new Response(null, { status: 204 });
    }
    if (method === 'GET' && url.pathname === '/api/admin/comments') {
      const status = url.searchParams.get('status') ?? 'pending';
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      const after = Number(url.searchParams.get('cursor') ?? '0');
      const matching = comments
        .filter((c) => status === 'all' || c.status === status)
        .filter((c) => q === '' || c.source.toLowerCase().includes(q) || c.author.name.toLowerCase().includes(q));
      const page = matching.slice(after, after + pageSize);
      const more = after + pageSize < matching.length;
      return json(200, { comments: page, nextCursor: more ? String(after + pageSize) : null });
    }
    const statusMatch = /^\/api\/admin\/comments\/([^/]+)\/status$/.exec(url.pathname);
    if (method === 'POST' && statusMatch) {
      const comment = comments.find((c) => c.id === decodeURIComponent(statusMatch[1] ?? ''));
      if (!comment) return error(404, 'not_found', 'No such comment');
      comment.status = body.status as FakeComment['status'];
      return json(200, { comment });
    }
    const editMatch = /^\/api\/admin\/comments\/([^/]+)$/.exec(url.pathname);
    if (method === 'PATCH' && editMatch) {
      const comment = comments.find((c) => c.id === decodeURIComponent(editMatch[1] ?? ''));
      if (!comment) return error(404, 'not_found', 'No such comment');
      comment.source = String(body.body);
      comment.bodyHtml = `<p>${comment.source.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`)}</p>`;
      return json(200, { comment });
    }
    if (method === 'GET' && url.pathname === '/api/admin/export') {
      const pageId = url.searchParams.get('page') ?? '';
      return json(200, { pageId, exportedAt: '2026-11-27T00:00:00.000Z', comments: comments.filter((c) => c.pageId === pageId) },
        { 'content-disposition': 'attachment; filename="natter-export.json"' });
    }
    return error(404, 'not_found', 'No route');
  };

  return {
    fetch,
    comments,
    calls,
    tokens,
    /** Answers the next request with `response`, whatever it is. */
    failNextWith(response: Response) {
      failNext = response;
    },
    /** Forgets every token (as if they expired). */
    expireTokens() {
      tokens.clear();
    },
  };
}

import type { Backend, CommentPage, ListQuery, LiveEvent } from '../../src/backend/backend';
import type { Comment, SiteConfig } from '../../src/model/types';

/** A site config with everything on, for UI tests. */
export function testConfig(patch: Partial<SiteConfig> = {}, features: Partial<SiteConfig['features']> = {}): SiteConfig {
  return {
    providers: ['wordpress', 'google', 'twitter', 'facebook'],
    guests: true,
    requireNameEmail: true,
    features: { likes: true, notifyReplies: true, notifyPosts: true, edit: true, live: true, ...features },
    limits: { bodyMaxLength: 10_000, nameMaxLength: 64, urlMaxLength: 2048, editWindowSeconds: 900, pageSizeMax: 100 },
    ...patch,
  };
}

let minute = 0;
/** A comment written `minutesAgo` minutes ago (by default each new one a minute later than the last). */
export function makeComment(id: string, patch: Partial<Comment> = {}): Comment {
  minute += 1;
  return {
    id,
    pageId: '/post',
    parentId: null,
    author: { name: `Author ${id}` },
    bodyHtml: `<p>Body of ${id}</p>`,
    createdAt: new Date(Date.now() - 24 * 3600_000 + minute * 60_000).toISOString(),
    status: 'approved',
    ...patch,
  };
}

/** What a {@link fakeBackend} records, and the hooks tests use to drive it. */
export interface FakeBackend extends Backend {
  comments: Comment[];
  queries: ListQuery[];
  /** Sends a live event to the current subscriber. */
  emit(event: LiveEvent): void;
  /** Number of open live subscriptions. */
  subscribers(): number;
}

/**
 * A small in-memory backend: top-level comments are paged `pageSize` at a
 * time (oldest or newest first) with their replies. `overrides` replace members.
 */
export function fakeBackend(comments: Comment[] = [], overrides: Partial<Backend> = {}): FakeBackend {
  const listeners = new Set<(event: LiveEvent) => void>();
  const backend: FakeBackend = {
    comments,
    queries: [],
    emit: (event) => listeners.forEach((l) => l(event)),
    subscribers: () => listeners.size,
    async getConfig() {
      return testConfig();
    },
    async listComments(query): Promise<CommentPage> {
      backend.queries.push(query);
      const roots = backend.comments.filter((c) => c.parentId === null);
      if (query.sort === 'newest') roots.reverse();
      const start = query.cursor ? Number(query.cursor) : 0;
      const limit = query.limit ?? 50;
      const page = roots.slice(start, start + limit);
      const inPage = new Set(page.map((c) => c.id));
      let grew = true;
      while (grew) {
        grew = false;
        for (const c of backend.comments) {
          if (c.parentId && inPage.has(c.parentId) && !inPage.has(c.id)) {
            inPage.add(c.id);
            grew = true;
          }
        }
      }
      return {
        comments: backend.comments.filter((c) => inPage.has(c.id)),
        nextCursor: start + limit < roots.length ? String(start + limit) : null,
        total: backend.comments.filter((c) => c.status === 'approved').length,
      };
    },
    async postComment(input) {
      const comment = makeComment(`new-${backend.comments.length}`, {
        parentId: input.parentId, bodyHtml: `<p>${input.body}</p>`, author: { name: input.guest?.name ?? 'Me' }, mine: true,
      });
      backend.comments.push(comment);
      return comment;
    },
    subscribe(_pageId, onEvent) {
      listeners.add(onEvent);
      return () => listeners.delete(onEvent);
    },
    ...overrides,
  };
  return backend;
}

import { sha256 } from '../http/crypto';
import type { Storage } from '../storage/storage';

/** A seed comment (the shape of natter's demo seed, `natter/demo`). */
export interface SeedComment {
  id: string;
  pageId: string;
  parentId: string | null;
  author: { name: string; url?: string; provider?: string };
  email?: string;
  body: string;
  createdAt: string;
}

/** A seed like. */
export interface SeedLike {
  pageId: string;
  liker: { name: string; url?: string; provider?: string };
  at: string;
}

/**
 * Inserts the demo thread into an empty page (approved, in order, replies
 * linked to their parents). Does nothing when the page already has comments.
 */
export async function seedDemo(
  storage: Storage,
  seed: { comments?: readonly SeedComment[]; likes?: readonly SeedLike[]; pageTitle?: string },
  render: (source: string) => string,
  avatarKey: (id: string) => string,
): Promise<boolean> {
  const comments = seed.comments ?? [];
  const pages = [...new Set(comments.map((c) => c.pageId))];
  const existing = await storage.countApproved(pages);
  if (pages.some((p) => (existing[p] ?? 0) > 0)) return false;
  const ids = new Map<string, { id: string; rootId: string | null }>();
  for (const c of comments) {
    const parent = c.parentId === null ? undefined : ids.get(c.parentId);
    const key = c.email ? avatarKey(c.email) : avatarKey(`seed:${c.author.name}`);
    await storage.rememberAvatar(key, { email: c.email ?? null, url: null });
    const { comment } = await storage.insertComment({
      pageId: c.pageId, parentId: parent?.id ?? null, rootId: parent ? (parent.rootId ?? parent.id) : null, status: 'approved',
      userId: null, authorName: c.author.name, authorEmail: c.email ?? null, authorUrl: c.author.url ?? null,
      authorProvider: c.author.provider ?? null, avatarKey: key, visitorHash: null, editTokenHash: null, source: c.body,
      bodyHtml: render(c.body), contentHash: sha256(c.body), idempotencyKey: sha256(`seed\u0000${c.pageId}\u0000${c.id}`),
      ip: null, userAgent: null, createdAt: Date.parse(c.createdAt), pageTitle: seed.pageTitle ?? null, pageUrl: null,
    });
    ids.set(c.id, { id: comment.id, rootId: comment.rootId });
  }
  for (const [i, like] of (seed.likes ?? []).entries()) {
    await storage.putLike({
      pageId: like.pageId, likerKey: `seed:${i}`, userId: null, name: like.liker.name, url: like.liker.url ?? null,
      email: null, avatarKey: null, provider: like.liker.provider ?? null, createdAt: Date.parse(like.at),
    });
  }
  return true;
}

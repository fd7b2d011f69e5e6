import { Hono, type Context } from 'hono';
import { LikeRequestSchema, type Author, type LikeSummary } from 'natter/protocol';
import { invalid } from '../http/api-error';
import { resolveCaller, type Caller } from '../http/caller';
import { avatarUrl, providerId } from '../comments/comment-view';
import { pageParam, parseWith } from '../http/parse-with';
import { queryOne, readJson } from '../http/request-helpers';
import type { Services } from '../services';

/** How many likers a summary lists. */
export const MAX_LIKERS = 20;

/** Who likes as `caller`: the signed-in user, else this browser's visitor id. */
export function likerKey(caller: Caller): string | null {
  if (caller.user) return `u:${caller.user.id}`;
  if (caller.visitorHash) return `v:${caller.visitorHash}`;
  return null;
}

/** The likes of a page as the liker `key` sees them (`liked`). */
export async function likeSummary(s: Services, pageId: string, key: string | null): Promise<LikeSummary> {
  const { count, liked, likers } = await s.storage.likeSummary(pageId, key, MAX_LIKERS);
  return {
    count,
    liked,
    likers: likers.map((l) => {
      const author: Author = { name: l.name };
      if (l.url !== null) author.url = l.url;
      const avatar = avatarUrl(s.config.publicUrl, l.avatarKey);
      if (avatar !== undefined) author.avatarUrl = avatar;
      const provider = providerId(l.provider);
      if (provider !== undefined) author.provider = provider;
      return author;
    }),
  };
}

/** `GET|PUT|DELETE /api/likes?page=`: post likes, one per signed-in user or browser. */
export function likeRoutes(s: Services): Hono {
  const app = new Hono();
  const summary = (pageId: string, key: string | null) => likeSummary(s, pageId, key);

  const requireLiker = (caller: Caller): string => {
    const key = likerKey(caller);
    if (key === null) throw invalid('Liking needs a session or an X-Natter-Visitor header', 'visitor');
    return key;
  };

  const page = (c: Context) => pageParam(queryOne(c, 'page'));

  app.get('/api/likes', async (c) => {
    const pageId = page(c);
    const caller = await resolveCaller(c, s);
    c.header('Cache-Control', 'private, no-cache');
    return c.json(await summary(pageId, likerKey(caller)));
  });

  app.put('/api/likes', async (c) => {
    const pageId = page(c);
    const input = parseWith(LikeRequestSchema, (await readJson(c, { optional: true })) ?? {}, 'like');
    const caller = await resolveCaller(c, s);
    const key = requireLiker(caller);
    await s.limiter.hit([`like:ip:${caller.ip}`], s.rules.likePerIp);
    let name = 'Anonymous';
    let url: string | null = null;
    let email: string | null = null;
    let avatarKey: string | null = null;
    if (caller.user) {
      name = caller.user.name;
      url = caller.user.profileUrl;
      avatarKey = s.avatarKey(`${caller.user.provider}:${caller.user.subject}`);
      await s.storage.rememberAvatar(avatarKey, { email: null, url: caller.user.avatarUrl });
    } else {
      const g = input.guest;
      if (g !== undefined) {
        name = g.name;
        email = g.email || null;
        url = g.url || null;
        if (email !== null) {
          avatarKey = s.avatarKey(email);
          await s.storage.rememberAvatar(avatarKey, { email, url: null });
        }
      }
    }
    await s.storage.putLike({
      pageId, likerKey: key, userId: caller.user?.id ?? null, name, url, email, avatarKey,
      provider: caller.user?.provider ?? null, createdAt: s.now(),
    });
    const result = await summary(pageId, key);
    s.background(s.events.publish({ type: 'likes', pageId, count: result.count }));
    return c.json(result);
  });

  app.delete('/api/likes', async (c) => {
    const pageId = page(c);
    const caller = await resolveCaller(c, s);
    const key = requireLiker(caller);
    await s.limiter.hit([`like:ip:${caller.ip}`], s.rules.likePerIp);
    const removed = await s.storage.deleteLike(pageId, key);
    const result = await summary(pageId, key);
    if (removed) s.background(s.events.publish({ type: 'likes', pageId, count: result.count }));
    return c.json(result);
  });

  return app;
}

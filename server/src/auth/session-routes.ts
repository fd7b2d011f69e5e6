import { Hono } from 'hono';
import type { SessionResponse } from 'natter/protocol';
import type { Session } from 'natter/protocol';
import { ApiError } from '../http/api-error';
import { avatarUrl, providerId } from '../comments/comment-view';
import { bearerToken } from '../http/request-helpers';
import type { Services } from '../services';
import type { StoredUser } from '../storage/storage';

/** The widget's view of a signed-in user, avatar through natter's avatar route. */
export function sessionOf(s: Services, user: StoredUser): Session | null {
  const provider = providerId(user.provider);
  if (provider === undefined) return null;
  const session: Session = { provider, user: { id: user.subject, name: user.name } };
  const avatar = avatarUrl(s.config.publicUrl, s.avatarKey(`${user.provider}:${user.subject}`));
  if (avatar !== undefined && user.avatarUrl !== null) session.user.avatarUrl = avatar;
  if (user.profileUrl !== null) session.user.profileUrl = user.profileUrl;
  return session;
}

/** `GET /api/session` (the current session or null) and `DELETE /api/session` (revoke). */
export function sessionRoutes(s: Services): Hono {
  const app = new Hono();
  app.get('/api/session', async (c) => {
    const token = bearerToken(c);
    const active = token === null ? null : await s.sessions.verifyUser(token);
    if (active && active.user.avatarUrl !== null) {
      await s.storage.rememberAvatar(s.avatarKey(`${active.user.provider}:${active.user.subject}`), { email: null, url: active.user.avatarUrl });
    }
    const body: SessionResponse = { session: active ? sessionOf(s, active.user) : null };
    c.header('Cache-Control', 'no-store');
    return c.json(body);
  });
  app.delete('/api/session', async (c) => {
    const token = bearerToken(c);
    if (token === null || !(await s.sessions.revoke(token, 'user'))) {
      throw new ApiError(401, 'unauthorized', 'No valid session to sign out of');
    }
    return c.body(null, 204);
  });
  return app;
}

import { Hono } from 'hono';
import type { SiteConfig } from 'natter/protocol';
import { LIMITS } from 'natter/protocol';
import type { Services } from '../services';

/** What the site enables, and its limits (`GET /api/config`, and part of `GET /api/thread`). */
export function siteConfig(s: Services): SiteConfig {
  const config: SiteConfig = {
    providers: s.providers,
    guests: true,
    requireNameEmail: true,
    features: {
      likes: true,
      notifyReplies: s.notifier !== null,
      notifyPosts: s.notifier !== null,
      edit: s.config.editWindowSeconds > 0,
      live: true,
    },
    limits: {
      bodyMaxLength: LIMITS.bodyMaxLength,
      nameMaxLength: LIMITS.nameMaxLength,
      urlMaxLength: LIMITS.urlMaxLength,
      editWindowSeconds: s.config.editWindowSeconds,
      pageSizeMax: LIMITS.pageSizeMax,
    },
  };
  if (s.simulatedSignIn) config.simulatedSignIn = true;
  return config;
}

/** `GET /api/config`: what the site enables, and its limits; `GET /api/health` for load balancers. */
export function configRoutes(s: Services): Hono {
  const app = new Hono();
  app.get('/api/config', (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.json(siteConfig(s));
  });
  app.get('/api/health', async (c) => {
    // Touches the database, so a server that lost it is taken out of rotation.
    await s.storage.countApproved(['/']);
    c.header('Cache-Control', 'no-store');
    return c.json({ ok: true });
  });
  return app;
}

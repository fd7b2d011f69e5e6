import { Hono } from 'hono';
import type { SiteConfig } from '../../model/types';
import { LIMITS } from '../fields';
import type { Services } from '../services';

/** `GET /api/config`: what the site enables, and its limits. */
export function configRoutes(s: Services): Hono {
  const app = new Hono();
  app.get('/api/config', (c) => {
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
    c.header('Cache-Control', 'no-cache');
    return c.json(config);
  });
  return app;
}

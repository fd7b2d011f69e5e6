import { Hono } from 'hono';
import { OPENAPI } from './openapi';

/** `GET /api/openapi.json`: the API description. */
export function openapiRoutes(): Hono {
  const app = new Hono();
  app.get('/api/openapi.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(OPENAPI);
  });
  return app;
}

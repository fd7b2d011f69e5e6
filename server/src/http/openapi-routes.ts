import { Hono } from 'hono';
import { openApiDocument } from './openapi';

/** `GET /api/openapi.json`: the API description, generated once per server. */
export function openapiRoutes(): Hono {
  const app = new Hono();
  const body = JSON.stringify(openApiDocument());
  app.get('/api/openapi.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(body, 200, { 'Content-Type': 'application/json' });
  });
  return app;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app';
import type { PageEvent } from '../../src/server/events/event-bus';
import { PostgresEventBus } from '../../src/server/events/postgres-event-bus';
import { openStorage } from '../../src/server/storage/open-storage';
import type { KyselyStorage } from '../../src/server/storage/kysely-storage';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { escapeRender, json, testConfig } from '../helpers/server-app';
import { SseReader } from '../helpers/sse-reader';

let pg: TestPostgres;
let url: string;
const opened: { storage: KyselyStorage; events: PostgresEventBus }[] = [];

beforeAll(async () => {
  pg = await startPostgres();
  url = await pg.createDatabase('scale');
});
afterAll(async () => {
  for (const o of opened) {
    await o.events.close();
    await o.storage.close();
  }
  await pg?.stop();
});

/** One "server process": its own storage pool, event bus and app on the shared database. */
async function node(rateLimit = 0) {
  const storage = await openStorage(url);
  const events = await PostgresEventBus.connect(url);
  opened.push({ storage, events });
  const app = createApp({
    config: testConfig({ moderation: 'none', rateLimit }), storage, events,
    secret: 'scale-secret-scale-secret-scale-secret-0', renderMarkdown: escapeRender, log: () => {},
  });
  return { app, storage, events };
}

describe('several servers on one PostgreSQL', () => {
  it('fans live events out to every server through LISTEN/NOTIFY', async () => {
    const a = await node();
    const b = await node();
    const heard: PageEvent[] = [];
    const off = b.events.subscribe('/live', (e) => heard.push(e));
    await a.events.publish({ type: 'likes', pageId: '/live', count: 3 });
    for (let i = 0; i < 100 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    off();
    expect(heard).toEqual([{ type: 'likes', pageId: '/live', count: 3 }]);

    const res = await b.app.request('/api/events?page=/live');
    const reader = new SseReader(res);
    expect((await reader.next()).event).toBe('ready');
    const posted = await a.app.request('/api/comments', json('POST', { pageId: '/live', parentId: null, body: 'from server A', guest: { name: 'A', email: 'a@example.com' } }, { 'Idempotency-Key': 'live-key-1' }));
    const { comment } = await posted.json();
    const event = await reader.next();
    await reader.close();
    expect(event.event).toBe('comment');
    expect(JSON.parse(event.data)).toMatchObject({ id: comment.id, bodyHtml: '<p>from server A</p>' });
  });

  it('stores 200 concurrent posts exactly once across two servers despite retries of the same keys', async () => {
    const a = await node();
    const b = await node();
    const send = (i: number, app: typeof a.app) => Promise.resolve(app.request('/api/comments', json('POST', {
      pageId: '/race', parentId: null, body: `comment number ${i}`, guest: { name: `Guest ${i}`, email: `g${i}@example.com` },
    }, { 'Idempotency-Key': `race-key-${i}`, 'X-Natter-Visitor': `visitor-race-${String(i).padStart(10, '0')}` })));
    const requests: Promise<Response>[] = [];
    for (let i = 0; i < 200; i++) {
      requests.push(send(i, i % 2 === 0 ? a.app : b.app));
      if (i % 4 === 0) requests.push(send(i, i % 2 === 0 ? b.app : a.app));
    }
    const responses = await Promise.all(requests);
    expect(responses.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    const byKey = new Map<string, Set<string>>();
    for (const r of responses) {
      const { comment } = await r.json();
      const key = comment.source as string;
      byKey.set(key, (byKey.get(key) ?? new Set()).add(comment.id));
    }
    expect([...byKey.values()].every((ids) => ids.size === 1)).toBe(true);
    expect((await a.storage.exportPage('/race')).length).toBe(200);
    expect(await (await b.app.request('/api/counts?page=/race')).json()).toEqual({ counts: { '/race': 200 } });
    const listed = await (await a.app.request('/api/comments?page=/race&limit=100')).json();
    expect(listed.total).toBe(200);
    const ids = listed.comments.map((c: { id: string }) => Number(c.id));
    expect(ids).toEqual([...ids].sort((x: number, y: number) => x - y));
  }, 120_000);

  it('shares rate limits between servers', async () => {
    const a = await node(3);
    const b = await node(3);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const app = i % 2 === 0 ? a.app : b.app;
      const res = await app.request('/api/comments', json('POST', { pageId: '/limits', parentId: null, body: `limit ${i}`, guest: { name: 'L', email: `l${i}@example.com` } }, { 'Idempotency-Key': `limit-key-${i}` }));
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
  });
});

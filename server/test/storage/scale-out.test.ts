import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import type { PageEvent } from '../../src/events/event-bus';
import { PostgresEventBus } from '../../src/events/postgres-event-bus';
import { openStorage } from '../../src/storage/open-storage';
import type { KyselyStorage } from '../../src/storage/kysely-storage';
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
    secret: 'scale-secret-scale-secret-scale-secret-0', renderMarkdown: escapeRender, log: () => {}, now: () => Date.now(),
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
    const posted = await a.app.request('/api/comments', json('POST', { pageId: '/live', parentId: null, body: 'from server A', guest: { name: 'A', email: 'a@example.com' }, elapsedMs: 60_000, honeypot: '' }, { 'Idempotency-Key': 'live-key-1' }));
    const { comment } = await posted.json();
    const event = await reader.next();
    await reader.close();
    expect(event.event).toBe('comment');
    expect(JSON.parse(event.data)).toMatchObject({ id: comment.id, bodyHtml: '<p>from server A</p>' });
  });

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

  it('sends live readers, once each, the comments posted and deleted while their server was cut off from LISTEN', async () => {
    const a = await node();
    const b = await node();
    const post = (body: string, key: string) => a.app.request('/api/comments', json('POST', { pageId: '/resync', parentId: null, body, guest: { name: 'R', email: 'r@example.com' }, elapsedMs: 60_000, honeypot: '' }, { 'Idempotency-Key': key }));
    const reader = new SseReader(await b.app.request('/api/events?page=/resync'));
    try {
      expect((await reader.next()).event).toBe('ready');
      const before = await (await post('before the cut', 'resync-0')).json();
      expect(JSON.parse((await reader.next()).data).id).toBe(before.comment.id);

      // Every listening connection is cut; comments posted meanwhile are notified to no one.
      const admin = new (await import('pg')).default.Client({ connectionString: url });
      await admin.connect();
      const cut = await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where query = 'LISTEN natter_events' and datname = current_database()`);
      await admin.end();
      expect(cut.rowCount).toBeGreaterThanOrEqual(2);
      const missed: string[] = [];
      for (let i = 1; i <= 3; i++) missed.push((await (await post(`while cut off ${i}`, `resync-${i}`)).json()).comment.id);
      const login = await (await a.app.request('/api/admin/login', json('POST', { password: 'correct horse battery' }))).json();
      const deleted = await a.app.request(`/api/admin/comments/${before.comment.id}/status`, json('POST', { status: 'deleted' }, { Authorization: `Bearer ${login.token}` }));
      expect(deleted.status).toBe(200);

      // Told by the catch-up, or live once listening again, whichever comes first: each once.
      const heard: string[] = [];
      while (heard.length < 4) {
        const { event, data } = await reader.next(10_000);
        heard.push(`${event} ${JSON.parse(data).id}`);
      }
      expect(heard.sort()).toEqual([...missed.map((id) => `comment ${id}`), `deleted ${before.comment.id}`].sort());
      // Listening again: the next comment arrives once, and nothing before it comes twice.
      const after = await (await post('after the cut', 'resync-4')).json();
      expect(JSON.parse((await reader.next(10_000)).data).id).toBe(after.comment.id);
      await expect(reader.next(1500)).rejects.toThrow('No event arrived in time');
    } finally {
      await reader.close();
    }
  }, 30_000);
});

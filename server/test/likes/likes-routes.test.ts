import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionManager } from '../../src/auth/sessions';
import { json, testServer, visitor, type TestServer } from '../helpers/server-app';

let t: TestServer;
beforeEach(async () => { t = await testServer(); });
afterEach(async () => { await t.close(); });

const like = (headers: Record<string, string>, body: unknown = {}) => t.app.request('/api/likes?page=/post', json('PUT', body, headers));

describe('likes', () => {
  it('starts empty', async () => {
    const res = await t.app.request('/api/likes?page=/post');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ count: 0, liked: false, likers: [] });
  });

  it('likes once per visitor, shows public liker data only, and unlikes', async () => {
    const first = await like({ 'X-Natter-Visitor': visitor(1) }, { guest: { name: 'Ada', email: 'ada-private@example.com', url: 'https://ada.example' } });
    expect(first.status).toBe(200);
    const summary = await first.json();
    expect(summary).toMatchObject({ count: 1, liked: true });
    expect(summary.likers).toEqual([{ name: 'Ada', url: 'https://ada.example/', avatarUrl: expect.stringMatching(/^http:\/\/natter\.test\/avatars\//) }]);
    expect(JSON.stringify(summary)).not.toContain('ada-private');
    await like({ 'X-Natter-Visitor': visitor(1) });
    const second = await (await like({ 'X-Natter-Visitor': visitor(2) })).json();
    expect(second.count).toBe(2);
    expect(second.likers[0]).toEqual({ name: 'Anonymous' });
    const seen = await (await t.app.request('/api/likes?page=/post', { headers: { 'X-Natter-Visitor': visitor(1) } })).json();
    expect(seen).toMatchObject({ count: 2, liked: true });
    const stranger = await (await t.app.request('/api/likes?page=/post')).json();
    expect(stranger.liked).toBe(false);
    const unliked = await (await t.app.request('/api/likes?page=/post', { method: 'DELETE', headers: { 'X-Natter-Visitor': visitor(1) } })).json();
    expect(unliked).toMatchObject({ count: 1, liked: false });
  });

  it('accepts a like without a body', async () => {
    const res = await t.app.request('/api/likes?page=/post', { method: 'PUT', headers: { 'X-Natter-Visitor': visitor(1) } });
    expect(res.status).toBe(200);
    expect((await res.json()).count).toBe(1);
  });

  it('uses the signed-in user as the liker', async () => {
    const user = await t.storage.upsertUser({ provider: 'twitter', subject: 't1', name: 'Tess', avatarUrl: 'https://pbs.example/a.png', profileUrl: 'https://x.com/tess', email: null }, 1);
    const { token } = await new SessionManager(t.storage, 'test-secret-test-secret-test-secret-0123', () => t.clock.now).issueUserSession(user.id);
    const res = await like({ Authorization: `Bearer ${token}` });
    const summary = await res.json();
    expect(summary.likers).toEqual([{ name: 'Tess', url: 'https://x.com/tess', provider: 'twitter', avatarUrl: expect.stringMatching(/^http:\/\/natter\.test\/avatars\//) }]);
    expect(JSON.stringify(summary)).not.toContain('pbs.example');
  });

  it('rejects likes without an identity, bad pages and bad bodies, storing nothing', async () => {
    const cases: [string, RequestInit, number][] = [
      ['/api/likes?page=/post', json('PUT', {}), 400],
      ['/api/likes?page=/post', { method: 'DELETE' }, 400],
      ['/api/likes', json('PUT', {}, { 'X-Natter-Visitor': visitor(1) }), 400],
      ['/api/likes?page=/post', json('PUT', { guest: { name: '' } }, { 'X-Natter-Visitor': visitor(1) }), 400],
      ['/api/likes?page=/post', json('PUT', { count: 100 }, { 'X-Natter-Visitor': visitor(1) }), 400],
      ['/api/likes?page=/post', json('PUT', { guest: { name: 'A', email: 'nope' } }, { 'X-Natter-Visitor': visitor(1) }), 400],
      ['/api/likes?page=/post', json('PUT', {}, { 'X-Natter-Visitor': 'short' }), 400],
      ['/api/likes?page=/post', { method: 'PUT', body: '{}', headers: { 'Content-Type': 'text/plain', 'X-Natter-Visitor': visitor(1) } }, 415],
    ];
    for (const [url, init, status] of cases) {
      const res = await t.app.request(url, init);
      expect(res.status).toBe(status);
      expect((await res.json()).error.code).toBe('invalid');
    }
    expect((await (await t.app.request('/api/likes?page=/post')).json()).count).toBe(0);
  });

  it('announces the new count to live listeners', async () => {
    const events: unknown[] = [];
    t.events.subscribe('/post', (e) => events.push(e));
    await like({ 'X-Natter-Visitor': visitor(1) });
    await t.settle();
    expect(events).toEqual([{ type: 'likes', pageId: '/post', count: 1 }]);
  });
});

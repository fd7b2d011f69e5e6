import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionManager } from '../../src/auth/sessions';
import { testServer, type TestServer } from '../helpers/server-app';

let t: TestServer;
let sessions: SessionManager;
beforeEach(async () => {
  t = await testServer();
  sessions = new SessionManager(t.storage, 'test-secret-test-secret-test-secret-0123', () => t.clock.now);
});
afterEach(async () => { await t.close(); });

describe('session', () => {
  it('answers null without a token or with an invalid one', async () => {
    for (const headers of [{}, { Authorization: 'Bearer abc.def.ghi' }] as Record<string, string>[]) {
      const res = await t.app.request('/api/session', { headers });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ session: null });
    }
    expect((await t.app.request('/api/session', { headers: { Authorization: 'Basic x' } })).status).toBe(401);
  });

  it('returns the signed-in user (subject as id, avatar through the server, no email) and revokes it', async () => {
    const user = await t.storage.upsertUser({ provider: 'wordpress', subject: 'wp-7', name: 'Wren', avatarUrl: 'https://gravatar.example/x', profileUrl: 'https://wren.blog/', email: 'wren@example.com' }, 1);
    const { token } = await sessions.issueUserSession(user.id);
    const res = await t.app.request('/api/session', { headers: { Authorization: `Bearer ${token}` } });
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const body = await res.json();
    expect(body).toEqual({ session: { provider: 'wordpress', user: { id: 'wp-7', name: 'Wren', profileUrl: 'https://wren.blog/', avatarUrl: expect.stringMatching(/^http:\/\/natter\.test\/avatars\//) } } });
    expect(JSON.stringify(body)).not.toContain('wren@example.com');
    const del = await t.app.request('/api/session', { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    expect(del.status).toBe(204);
    expect(await (await t.app.request('/api/session', { headers: { Authorization: `Bearer ${token}` } })).json()).toEqual({ session: null });
    const again = await t.app.request('/api/session', { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    expect(again.status).toBe(401);
    expect((await again.json()).error.code).toBe('unauthorized');
  });

  it('expires sessions and never accepts an admin token as a session', async () => {
    const user = await t.storage.upsertUser({ provider: 'google', subject: 'g', name: 'G', avatarUrl: null, profileUrl: null, email: null }, 1);
    const { token } = await sessions.issueUserSession(user.id);
    const admin = (await sessions.issueAdminToken()).token;
    expect(await (await t.app.request('/api/session', { headers: { Authorization: `Bearer ${admin}` } })).json()).toEqual({ session: null });
    t.clock.now += 8 * 86_400_000;
    expect(await (await t.app.request('/api/session', { headers: { Authorization: `Bearer ${token}` } })).json()).toEqual({ session: null });
  });

  it('rejects a token signed with another secret', async () => {
    const user = await t.storage.upsertUser({ provider: 'google', subject: 'g', name: 'G', avatarUrl: null, profileUrl: null, email: null }, 1);
    const forged = await new SessionManager(t.storage, 'another-secret-another-secret-another', () => t.clock.now).issueUserSession(user.id);
    expect(await (await t.app.request('/api/session', { headers: { Authorization: `Bearer ${forged.token}` } })).json()).toEqual({ session: null });
  });
});

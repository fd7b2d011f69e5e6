import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from '../helpers/server-app';

let t: TestServer;
beforeEach(async () => { t = await testServer({ config: { editWindowSeconds: 600 } }); });
afterEach(async () => { await t.close(); });

describe('config, openapi and shared behaviour', () => {
  it('returns the site configuration', async () => {
    const res = await t.app.request('/api/config');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      providers: [], guests: true, requireNameEmail: true,
      features: { likes: true, notifyReplies: true, notifyPosts: true, edit: true, live: true },
      limits: { bodyMaxLength: 10000, nameMaxLength: 64, urlMaxLength: 2048, editWindowSeconds: 600, pageSizeMax: 100 },
    });
  });

  it('serves an OpenAPI 3.1 document that describes every API route', async () => {
    const res = await t.app.request('/api/openapi.json');
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    const described = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    const routes = t.app.routes
      .filter((r) => r.method !== 'ALL' && (r.path.startsWith('/api/') || r.path.startsWith('/auth/') || r.path === '/count.js' || r.path === '/admin'))
      .map((r) => `${r.method} ${r.path}`);
    expect(new Set(routes).size).toBeGreaterThan(20);
    for (const route of new Set(routes)) expect(described, route).toContain(route);
    const refs = JSON.stringify(doc).match(/#\/components\/(schemas|parameters)\/\w+/g) ?? [];
    for (const r of refs) {
      const [, , kind, name] = r.split('/');
      expect(doc.components[kind!][name!], r).toBeDefined();
    }
  });

  it('reports health, and a 500 with the error shape when the database is gone', async () => {
    expect(await (await t.app.request('/api/health')).json()).toEqual({ ok: true });
    await t.storage.close();
    const res = await t.app.request('/api/health');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'server', message: 'Something went wrong on the server' } });
    expect(text).not.toMatch(/at \w|sqlite|kysely/i);
    t = await testServer();
  });

  it('answers unknown endpoints with a JSON 404', async () => {
    const res = await t.app.request('/api/nothing-here');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('allows CORS only for configured site origins', async () => {
    const ok = await t.app.request('/api/config', { headers: { Origin: 'https://blog.example' } });
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe('https://blog.example');
    const evil = await t.app.request('/api/config', { headers: { Origin: 'https://evil.example' } });
    expect(evil.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const preflight = await t.app.request('/api/comments', { method: 'OPTIONS', headers: { Origin: 'https://blog.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,idempotency-key' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Headers')).toContain('Idempotency-Key');
    const evilPreflight = await t.app.request('/api/comments', { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(evilPreflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('sends nosniff, no X-Powered-By, and no-store on authenticated responses', async () => {
    const res = await t.app.request('/api/config');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('X-Powered-By')).toBeNull();
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    const authed = await t.app.request('/api/comments?page=/post', { headers: { Authorization: 'Bearer x.y.z' } });
    expect(authed.status).toBe(401);
    expect(authed.headers.get('Cache-Control')).toBe('no-store');
  });

  it('serves the demo page only in dev mode', async () => {
    expect((await t.app.request('/')).status).toBe(404);
    expect((await t.app.request('/natter.js')).status).toBe(404);
    await t.close();
    t = await testServer({ config: { dev: true }, deps: { demoHtml: '<h1>demo</h1>', distDir: 'server/test/fixtures-missing', widgetDir: 'server/test/fixtures-missing' } });
    expect(await (await t.app.request('/')).text()).toBe('<h1>demo</h1>');
    const missing = await t.app.request('/natter.iife.js');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
    expect((await t.app.request('/locales/..%2F..%2Fpackage.json')).status).toBe(404);
  });

  it('serves the widget bundle, its sign-in code and catalogues to any site, without dev mode', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'natter-dist-'));
    try {
      writeFileSync(join(dist, 'natter.iife.js'), 'var natter=1;');
      mkdirSync(join(dist, 'locales'));
      writeFileSync(join(dist, 'locales', 'fr.json'), '{}');
      await t.close();
      t = await testServer({ deps: { widgetDir: dist } });
      const script = await t.app.request('/natter.iife.js', { headers: { Origin: 'https://elsewhere.example' } });
      expect(script.status).toBe(200);
      expect(script.headers.get('Content-Type')).toMatch(/^text\/javascript/);
      expect(script.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
      expect(await script.text()).toBe('var natter=1;');
      const catalogue = await t.app.request('/locales/fr.json');
      expect(catalogue.headers.get('Access-Control-Allow-Origin')).toBe('*');
      expect(await catalogue.json()).toEqual({});
      expect((await t.app.request('/locales/..%2F..%2Fpackage.json')).status).toBe(404);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('serves the sign-in code beside the script-tag bundle in dev mode', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'natter-dist-'));
    try {
      writeFileSync(join(dist, 'natter.sign-in.js'), '(function(){})();');
      await t.close();
      t = await testServer({ config: { dev: true }, deps: { demoHtml: '<h1>demo</h1>', widgetDir: dist } });
      const res = await t.app.request('/natter.sign-in.js');
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toMatch(/^text\/javascript/);
      expect(await res.text()).toBe('(function(){})();');
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachePolicy, isContentHashed } from '../../src/http/static-files';
import { testServer, type TestServer } from '../helpers/server-app';

let t: TestServer;
let dist: string;
const script = `var natter=(function(){${'function paint(n){return n*2}'.repeat(200)}})();`;
beforeEach(async () => {
  dist = mkdtempSync(join(tmpdir(), 'natter-dist-'));
  writeFileSync(join(dist, 'natter.iife.js'), script);
  writeFileSync(join(dist, 'interaction-Bk8If4-m.js'), `export const form=1;${' '.repeat(600)}`);
  mkdirSync(join(dist, 'locales'));
  writeFileSync(join(dist, 'locales', 'fr.json'), JSON.stringify({ reply: 'Répondre', more: 'x'.repeat(800) }));
  t = await testServer({ deps: { widgetDir: dist, prepareBundles: true } });
});
afterEach(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('the widget bundles', () => {
  it('go out in brotli or gzip as asked, byte for byte the built file decoded', async () => {
    const file = readFileSync(join(dist, 'natter.iife.js'));
    const br = await t.app.request('/natter.iife.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('Content-Encoding')).toBe('br');
    expect(br.headers.get('Vary')).toContain('Accept-Encoding');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.byteLength).toBeLessThan(file.byteLength / 4);
    expect(brotliDecompressSync(brBytes).equals(file)).toBe(true);

    const gz = await t.app.request('/natter.iife.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers.get('Content-Encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(file)).toBe(true);

    const plain = await t.app.request('/natter.iife.js');
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(Buffer.from(await plain.arrayBuffer()).equals(file)).toBe(true);
  });

  it('carry a strong ETag per coding and revalidate with 304', async () => {
    const br = await t.app.request('/natter.iife.js', { headers: { 'Accept-Encoding': 'br' } });
    const plain = await t.app.request('/natter.iife.js');
    const tag = br.headers.get('ETag') ?? '';
    expect(tag).toMatch(/^"[A-Za-z0-9_-]+-br"$/);
    expect(plain.headers.get('ETag')).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await t.app.request('/natter.iife.js', { headers: { 'Accept-Encoding': 'br', 'If-None-Match': tag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
  });

  it('keep natter.iife.js fresh for minutes and content-hashed chunks for a year', async () => {
    const entry = await t.app.request('/natter.iife.js');
    expect(entry.headers.get('Cache-Control')).toBe('public, max-age=300, stale-while-revalidate=3600');
    const chunk = await t.app.request('/interaction-Bk8If4-m.js', { headers: { 'Accept-Encoding': 'br' } });
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(chunk.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(brotliDecompressSync(Buffer.from(await chunk.arrayBuffer())).toString()).toContain('export const form=1;');
    const catalogue = await t.app.request('/locales/fr.json', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(catalogue.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(JSON.parse(gunzipSync(Buffer.from(await catalogue.arrayBuffer())).toString()).reply).toBe('Répondre');
    expect((await t.app.request('/natter-Bk8If4-m.json')).status).toBe(404);
    expect((await t.app.request('/..%2Fpackage-Bk8If4-m.js')).status).toBe(404);
  });

  it('serve a rebuilt file with a new ETag', async () => {
    const before = (await t.app.request('/natter.iife.js')).headers.get('ETag');
    writeFileSync(join(dist, 'natter.iife.js'), `${script}/*rebuilt*/`);
    utimesSync(join(dist, 'natter.iife.js'), new Date(), new Date(Date.now() + 5000));
    const after = await t.app.request('/natter.iife.js');
    expect(after.headers.get('ETag')).not.toBe(before);
    expect(await after.text()).toContain('/*rebuilt*/');
  });
});

describe('cachePolicy', () => {
  it('tells content-hashed names from stable ones', () => {
    expect(isContentHashed('natter.iife.js')).toBe(false);
    expect(isContentHashed('natter.sign-in.js')).toBe(false);
    expect(isContentHashed('sign-in-flow-Bk8If4-m.js')).toBe(true);
    expect(cachePolicy('locales/fr.json')).toContain('max-age=300');
  });
});

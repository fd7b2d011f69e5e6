import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { testServer } from '../helpers/server-app';

it('serves the WordPress backend beside the script-tag bundle to any site, as a module may be imported across origins', async () => {
  const dist = mkdtempSync(join(tmpdir(), 'natter-dist-'));
  const t = await testServer({ deps: { widgetDir: dist } });
  try {
    writeFileSync(join(dist, 'natter.wordpress.js'), 'export class WordPressBackend {}');
    const res = await t.app.request('/natter.wordpress.js', { headers: { Origin: 'https://blog.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
    expect(await res.text()).toBe('export class WordPressBackend {}');
  } finally {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  }
});

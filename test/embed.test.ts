// @vitest-environment jsdom
import { waitFor, within } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { build } from 'vite';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PAGE_ID, DEMO_PAGE_TITLE, DEMO_SEED } from '../src/backend/memory/demo-seed';

const OUT = '.tmp/embed-test';
/** `natter.offline.iife.js`: the script-tag bundle with the memory backend. */
let bundle = '';
/** `natter.iife.js`: the script-tag bundle for a natter server. */
let serverBundle = '';

beforeAll(async () => {
  await build({ logLevel: 'silent', build: { outDir: OUT, emptyOutDir: true } });
  await build({ logLevel: 'silent', mode: 'offline', build: { outDir: OUT, emptyOutDir: false } });
  serverBundle = readFileSync(`${OUT}/natter.iife.js`, 'utf8');
  bundle = readFileSync(`${OUT}/natter.offline.iife.js`, 'utf8');
}, 60_000);

afterEach(() => {
  document.body.replaceChildren();
  document.documentElement.removeAttribute('data-report');
  localStorage.clear();
});

/**
 * Runs the script-tag bundle as a classic script with these attributes. jsdom
 * runs it in the page's own global, so the script itself reports the globals
 * it added and the console errors it logged.
 */
function runScript(attributes: Record<string, string>, code = bundle): { globals: string[]; api: string[]; errors: string[] } {
  const classic = (code: string, attrs: Record<string, string> = {}) => {
    const script = document.createElement('script');
    for (const [name, value] of Object.entries(attrs)) script.setAttribute(name, value);
    script.textContent = code;
    document.body.append(script);
  };
  classic(`var natterTestBefore = Object.keys(window).concat('natterTestBefore', 'natterTestErrors'), natterTestErrors = [];
    console.error = function (m) { natterTestErrors.push(String(m)); };`);
  classic(code, attributes);
  classic(`document.documentElement.setAttribute('data-report', JSON.stringify({
    globals: Object.keys(window).filter(function (k) { return natterTestBefore.indexOf(k) < 0; }),
    api: Object.keys(window.natter || {}),
    errors: natterTestErrors,
  }));`);
  const report: unknown = JSON.parse(document.documentElement.getAttribute('data-report') ?? '{}');
  const list = (key: string) => {
    const value: unknown = typeof report === 'object' && report !== null ? Reflect.get(report, key) : undefined;
    return Array.isArray(value) ? value.map(String) : [];
  };
  return { globals: list('globals'), api: list('api'), errors: list('errors') };
}

describe('the script-tag bundles', () => {
  it('mounts into #natter from data-* attributes, and adds only window.natter', async () => {
    document.body.insertAdjacentHTML('afterbegin', '<div id="natter"></div>');
    const { globals, api } = runScript({ 'data-backend': 'memory', 'data-page-id': '/embed', 'data-title': 'Embedded', 'data-theme': 'light' });
    const host = document.getElementById('natter');
    const root = await waitFor(() => {
      const el = host?.shadowRoot?.querySelector<HTMLElement>('.natter');
      if (!el) throw new Error('not mounted');
      return el;
    }, { timeout: 5000 });
    expect(await within(root).findByText('No comments yet.', {}, { timeout: 5000 })).toBeTruthy();
    expect(host?.getAttribute('data-theme')).toBe('light');
    expect(globals).toEqual(['natter']);
    expect(api).toEqual(['mount']);
  });

  it('mounts into data-target', async () => {
    document.body.insertAdjacentHTML('afterbegin', '<section class="comments"></section>');
    runScript({ 'data-backend': 'memory', 'data-target': '.comments' });
    await waitFor(() => expect(document.querySelector('.comments')?.shadowRoot?.querySelector('.natter')).toBeTruthy(), {
      timeout: 5000,
    });
  });

  it('mounts several threads from code with natter.mount, the backend named like data-backend', async () => {
    document.body.insertAdjacentHTML('afterbegin', '<div id="one"></div><div id="two"></div>');
    // From the page's own code, which shares the script's global (jsdom runs classic scripts there).
    const { errors } = runScript({}, `${bundle}
      natter.mount(document.getElementById('one'), { backend: 'memory', pageId: '/one' });
      natter.mount(document.getElementById('two'), { backend: 'memory', pageId: '/two' });
      try { natter.mount(document.body, { backend: 'nowhere' }); } catch (e) { console.error(e.code); }`);
    for (const id of ['one', 'two']) {
      await waitFor(() => expect(document.getElementById(id)?.shadowRoot?.textContent).toContain('No comments yet.'), { timeout: 5000 });
    }
    expect(errors).toEqual(['invalid']);
  });

  it('reports a missing target on the console and leaves the page alone', () => {
    const { errors } = runScript({ 'data-backend': 'memory', 'data-target': '#nowhere' });
    expect(errors).toEqual(['natter: no element matches data-target "#nowhere"']);
  });

  it('starts an empty memory store with the demo thread when the page asks for data-seed="demo"', async () => {
    document.body.insertAdjacentHTML('afterbegin', '<div id="natter"></div>');
    runScript({ 'data-backend': 'memory', 'data-seed': 'demo', 'data-page-id': DEMO_PAGE_ID, 'data-title': DEMO_PAGE_TITLE });
    const host = document.getElementById('natter');
    const root = await waitFor(() => {
      const el = host?.shadowRoot?.querySelector<HTMLElement>('.natter');
      if (!el) throw new Error('not mounted');
      return el;
    }, { timeout: 5000 });
    const first = DEMO_SEED.comments?.[0]?.author.name ?? 'no seed';
    expect((await within(root).findAllByText(first, {}, { timeout: 5000 })).length).toBeGreaterThan(0);
  });

  it('leaves the memory backend to the offline bundle: natter.iife.js talks to a natter server or a WordPress site', () => {
    document.body.insertAdjacentHTML('afterbegin', '<div id="natter"></div>');
    const { api, errors } = runScript({ 'data-backend': 'memory' }, serverBundle);
    expect(errors).toEqual(['NatterError: natter: backend must be an http(s) URL or wordpress:<url>, got "memory"']);
    // The WordPress backend and ky are natter.wordpress.js's, imported only when a page names a WordPress site.
    expect(serverBundle).not.toContain('X-WP-Total');
    expect(document.getElementById('natter')?.shadowRoot).toBeNull();
    expect(api).toEqual(['mount']);
  });

  it('leaves the provider sign-in code to natter.sign-in.js, which it loads from beside itself', async () => {
    // The popup's message type and the redirect's saved state belong to the sign-in code only.
    expect(serverBundle).not.toContain('natter:auth');
    expect(serverBundle).not.toContain('natter:redirect-sign-in');
    await build({ logLevel: 'silent', mode: 'sign-in', build: { outDir: OUT, emptyOutDir: false } });
    const signIn = readFileSync(`${OUT}/natter.sign-in.js`, 'utf8');
    expect(signIn).toContain('natter:auth');
    expect(signIn).toContain('natter:redirect-sign-in');
  }, 60_000);

  it('only paints: posting, editing, sign-in and ky are natter.interaction.js, which it loads from beside itself', async () => {
    await build({ logLevel: 'silent', mode: 'interaction', build: { outDir: OUT, emptyOutDir: false } });
    const chunk = readFileSync(`${OUT}/natter.interaction.js`, 'utf8');
    for (const part of ['Post Comment', 'Idempotency-Key', 'Retry-After', 'X-Natter-Edit-Token']) {
      expect(serverBundle, part).not.toContain(part);
      expect(chunk, part).toContain(part);
    }
    expect(serverBundle).toContain('natter.interaction.js');
    expect(serverBundle).not.toContain('natter.sign-in.js');
    expect(chunk).toContain('natter.sign-in.js');
    // preact is the chunk's (its namespaces are its mark): the bundle paints without it (src/ui/paint/).
    expect(serverBundle).not.toContain('http://www.w3.org/1998/Math/MathML');
    expect(chunk).toContain('http://www.w3.org/1998/Math/MathML');
    // The chunk takes the Trusted Types policy (one per page) from the bundle, reading its own <script>
    // through Document.prototype, out of reach of clobbering markup; it adds no global.
    expect(chunk).toContain('Reflect.get(Document.prototype,"currentScript",document).natterCore.trustedTypes');
    expect(chunk).not.toContain('createPolicy');
    expect(chunk).not.toMatch(/^var /);
  }, 60_000);
});

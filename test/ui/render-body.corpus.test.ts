// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { renderBody } from '../../src/ui/render-body';
import { XSS_CORPUS, auditRendered } from '../helpers/xss-corpus';

const sentinels = {
  __pwned: vi.fn(),
  alert: vi.fn(),
  confirm: vi.fn(),
  prompt: vi.fn(),
};

/**
 * The global that scripts and inline handlers run against: jsdom's own window,
 * which is not the global the test code sees. A script hands it over through
 * a DOM node, which both sides share.
 */
function scriptGlobal(): Record<string, unknown> {
  const script = document.createElement('script');
  script.textContent = 'document.documentElement.natterScriptGlobal = window;';
  document.body.append(script);
  script.remove();
  const handed: unknown = Reflect.get(document.documentElement, 'natterScriptGlobal');
  if (typeof handed !== 'object' || handed === null) throw new Error('jsdom ran no script: the sentinel cannot work');
  return handed as Record<string, unknown>;
}

let view: Record<string, unknown> = {};
let originals: Record<string, unknown> = {};
beforeAll(() => {
  view = scriptGlobal();
  originals = Object.fromEntries(Object.keys(sentinels).map((name) => [name, view[name]]));
  Object.assign(view, sentinels);
});
afterAll(() => {
  Object.assign(view, originals);
});

const calls = () => Object.values(sentinels).reduce((n, fn) => n + fn.mock.calls.length, 0);

describe('renderBody against the adversarial corpus (jsdom)', () => {
  it('holds hundreds of vectors', () => {
    expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(200);
  });

  it('notices a script that runs in this environment', () => {
    const script = document.createElement('script');
    script.textContent = '__pwned()';
    document.body.append(script);
    script.remove();
    expect(sentinels.__pwned).toHaveBeenCalledTimes(1);
    sentinels.__pwned.mockClear();
  });

  it('flags handler and style attributes, disallowed elements and bad links', () => {
    const dirty = document.createElement('div');
    dirty.innerHTML =
      '<p onclick="x" style="color:red">a</p><span>b</span><a href="javascript:void 0" rel="nofollow ugc noopener noreferrer">c</a>';
    expect(auditRendered(dirty)).toEqual([
      'attribute onclick on <p>', 'attribute style on <p>', 'element <span>', 'link protocol javascript:',
    ]);
  });

  it.each(XSS_CORPUS.map((v, i) => [i, v.family, v.html.slice(0, 80), v.html] as const))(
    'renders vector %i (%s) inertly: %s',
    async (_i, _family, _label, html) => {
      const container = document.createElement('div');
      document.body.append(container);
      try {
        render(renderBody(html), container);
        expect(auditRendered(container)).toEqual([]);
        // Give deferred handlers (load/error/focus, timers) a chance to fire.
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(calls()).toBe(0);
      } finally {
        render(null, container);
        container.remove();
      }
    },
    // jsdom parses a template's content one inserted node at a time: the 20,000 siblings of the largest vector
    // take it about 9 s on an idle machine (Chromium, which readers run, parses the whole corpus in about 2 s).
    120_000,
  );

  it('ran no script across the whole corpus', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls()).toBe(0);
    expect(document.querySelector('script, iframe, object, embed, form, style, link, meta, base')).toBeNull();
  });
});

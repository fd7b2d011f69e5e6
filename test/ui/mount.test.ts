// @vitest-environment jsdom
import { waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount, type NatterHandle } from '../../src/mount';
import { fakeBackend, makeComment } from './fake-backend';

const handles: NatterHandle[] = [];
afterEach(() => {
  handles.splice(0).forEach((h) => h.unmount());
  document.body.replaceChildren();
  document.documentElement.removeAttribute('lang');
});

function host(): HTMLElement {
  const el = document.createElement('div');
  document.body.append(el);
  return el;
}

/** The widget's rendered content inside `el`'s shadow root. */
async function widget(el: Element): Promise<HTMLElement> {
  return waitFor(() => {
    const root = el.shadowRoot?.querySelector<HTMLElement>('.natter');
    if (!root) throw new Error('not rendered yet');
    return root;
  }, { timeout: 5000 });
}

const opts = { timeout: 5000 };

describe('mount', () => {
  it('renders inside an open shadow root with its own styles, out of reach of page CSS', async () => {
    const style = document.createElement('style');
    style.textContent = 'article, p { display: none !important; }';
    document.head.append(style);
    const el = host();
    handles.push(mount(el, { backend: fakeBackend([makeComment('a')]), pageTitle: 'T' }));
    const root = await widget(el);
    await within(root).findByText('Body of a', {}, opts);
    expect(el.shadowRoot?.mode).toBe('open');
    expect(el.querySelector('article')).toBeNull();
    const styles = [...(el.shadowRoot?.querySelectorAll('style') ?? [])].length + (el.shadowRoot?.adoptedStyleSheets?.length ?? 0);
    expect(styles).toBe(1);
    style.remove();
  });

  it('adds the interaction parts’ CSS to its one style sheet when they load', async () => {
    const el = host();
    const parts = await import('../../src/ui/interaction-parts');
    const loadInteraction = async () => ({ ...parts, css: '.probe-rule { color: red; }' });
    handles.push(mount(el, { backend: fakeBackend([makeComment('a')]), loadInteraction }));
    const root = await widget(el);
    const css = () => [...(el.shadowRoot?.querySelectorAll('style') ?? [])].map((s) => s.textContent).join('')
      + (el.shadowRoot?.adoptedStyleSheets ?? []).flatMap((s) => [...s.cssRules].map((r) => r.cssText)).join('');
    expect(css()).not.toContain('.probe-rule');
    within(root).getByRole('textbox', { name: 'Enter your comment here...' }).focus();
    await waitFor(() => expect(css()).toContain('.probe-rule'), opts);
    await waitFor(() => expect(root.querySelector('.form-actions')).not.toBeNull(), opts);
    const styles = [...(el.shadowRoot?.querySelectorAll('style') ?? [])].length + (el.shadowRoot?.adoptedStyleSheets?.length ?? 0);
    expect(styles).toBe(1);
  });

  it('unmounts cleanly, closes live updates, and may be unmounted twice', async () => {
    const el = host();
    const backend = fakeBackend([makeComment('a')]);
    // Live updates start with the interaction parts, once the browser is idle.
    const handle = mount(el, { backend, loadInteraction: () => import('../../src/ui/interaction-parts') });
    await within(await widget(el)).findByText('Body of a', {}, opts);
    await waitFor(() => expect(backend.subscribers()).toBe(1), opts);
    handle.unmount();
    expect(backend.subscribers()).toBe(0);
    expect(el.shadowRoot?.querySelector('.natter')).toBeNull();
    expect(el.shadowRoot?.querySelector('style')).toBeNull();
    expect(() => handle.unmount()).not.toThrow();
    expect(() => handle.refresh()).not.toThrow();
  });

  it('renders nothing when unmounted before the catalogue arrived', async () => {
    const el = host();
    let release: (v: unknown) => void = () => {};
    const handle = mount(el, {
      backend: fakeBackend([makeComment('a')]), lang: 'fr',
      loadCatalogue: () => new Promise((resolve) => { release = resolve; }),
    });
    handle.unmount();
    release({});
    await new Promise((r) => setTimeout(r, 20));
    expect(el.shadowRoot?.querySelector('.natter')).toBeNull();
  });

  it('keeps two widgets on one page independent', async () => {
    const one = host();
    const two = host();
    const a = fakeBackend([makeComment('a')]);
    const b = fakeBackend([makeComment('b'), makeComment('c')]);
    const first = mount(one, { backend: a, pageId: '/one', pageTitle: 'One' });
    handles.push(mount(two, { backend: b, pageId: '/two', pageTitle: 'Two' }));
    const rootOne = await widget(one);
    const rootTwo = await widget(two);
    await within(rootOne).findByText('Body of a', {}, opts);
    await within(rootTwo).findByText('Body of c', {}, opts);
    expect(within(rootOne).queryByText('Body of b')).toBeNull();
    expect(a.queries[0]?.pageId).toBe('/one');
    expect(b.queries[0]?.pageId).toBe('/two');
    first.unmount();
    expect(within(rootTwo).getByText('Body of b')).toBeTruthy();
    expect(within(rootTwo).getByRole('heading', { level: 2 }).textContent).toBe('2 thoughts on “Two”');
  });

  it('reloads comments on refresh()', async () => {
    const el = host();
    const backend = fakeBackend([makeComment('a')]);
    const handle = mount(el, { backend });
    handles.push(handle);
    const root = await widget(el);
    await within(root).findByText('Body of a', {}, opts);
    backend.comments.push(makeComment('late'));
    handle.refresh();
    expect(await within(root).findByText('Body of late', {}, opts)).toBeTruthy();
  });

  it('defaults the page id to the canonical URL’s path', async () => {
    const link = document.createElement('link');
    link.rel = 'canonical';
    link.href = 'https://blog.example/2024/small-is-beautiful/?utm=x';
    document.head.append(link);
    const backend = fakeBackend([]);
    const el = host();
    handles.push(mount(el, { backend }));
    await waitFor(() => expect(backend.queries[0]?.pageId).toBe('/2024/small-is-beautiful/'), opts);
    link.remove();
  });

  it('sets the theme as a host attribute and removes it on unmount', async () => {
    const el = host();
    const handle = mount(el, { backend: fakeBackend([]), theme: 'dark' });
    expect(el.getAttribute('data-theme')).toBe('dark');
    handle.unmount();
    expect(el.hasAttribute('data-theme')).toBe(false);
  });

  it('speaks the page’s language, loading the French catalogue only then', async () => {
    document.documentElement.lang = 'fr-CA';
    const asked: string[] = [];
    const el = host();
    handles.push(mount(el, {
      backend: fakeBackend([makeComment('a')]), pageTitle: 'Petit',
      loadCatalogue: async (locale) => {
        asked.push(locale);
        return (await import('../../src/i18n/locales/fr.json')).default;
      },
    }));
    const root = await widget(el);
    expect(await within(root).findByRole('button', { name: /Répondre/ }, opts)).toBeTruthy();
    expect(asked).toEqual(['fr']);
    expect(root.getAttribute('lang')).toBe('fr');
  });

  it('speaks German when asked, and asks for no catalogue in English', async () => {
    const asked: string[] = [];
    const loader = async (locale: string) => {
      asked.push(locale);
      return (await import('../../src/i18n/locales/de.json')).default;
    };
    const de = host();
    handles.push(mount(de, { backend: fakeBackend([makeComment('a')]), lang: 'de', loadCatalogue: loader }));
    expect(await within(await widget(de)).findByRole('button', { name: /Antworten/ }, opts)).toBeTruthy();
    const en = host();
    handles.push(mount(en, { backend: fakeBackend([makeComment('a')]), lang: 'en', loadCatalogue: loader }));
    expect(await within(await widget(en)).findByRole('button', { name: 'Reply to Author a' }, opts)).toBeTruthy();
    expect(asked).toEqual(['de']);
  });

  it('keeps a failure inside the widget when a backend answers nonsense, and recovers on refresh', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const backend = fakeBackend([makeComment('a')]);
    const list = backend.listComments.bind(backend);
    let broken = true;
    backend.listComments = async (query) => (broken ? JSON.parse('{"comments":"nope"}') : list(query));
    const el = host();
    const handle = mount(el, { backend });
    handles.push(handle);
    const root = await waitFor(() => {
      const alert = el.shadowRoot?.querySelector('[role="alert"]');
      if (!alert) throw new Error('no alert yet');
      return alert;
    }, opts);
    expect(root.textContent).toBe('Something went wrong. Please try again.');
    broken = false;
    handle.refresh();
    expect(await within(await widget(el)).findByText('Body of a', {}, opts)).toBeTruthy();
    errors.mockRestore();
  });

  it('shows the thread without live updates when subscribing throws', async () => {
    const backend = fakeBackend([makeComment('a')], {
      subscribe() { throw new Error('EventSource blocked by CSP'); },
    });
    const el = host();
    handles.push(mount(el, { backend }));
    expect(await within(await widget(el)).findByText('Body of a', {}, opts)).toBeTruthy();
  });

  it('refuses to mount without a backend, with a clear error and nothing attached', () => {
    const el = host();
    // @ts-expect-error: what a plain-JavaScript caller might do
    expect(() => mount(el, {})).toThrow('mount() needs options.backend');
    expect(el.shadowRoot).toBeNull();
  });
});

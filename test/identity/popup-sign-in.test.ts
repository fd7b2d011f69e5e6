// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { consumeRedirectCode, popupSignIn, redirectSignIn } from '../../src/identity/popup-sign-in';

const SERVER = 'https://comments.example.test';
const CODE = 'c0de_C0DE-c0de_C0DE-c0de';

interface FakePopup {
  closed: boolean;
  close(): void;
}

function fakePopup(): FakePopup {
  return { closed: false, close() { this.closed = true; } };
}

/** Opens a fake popup and records the URL it was asked to load. */
function opener(popup: FakePopup | null) {
  const calls: string[] = [];
  const openWindow = ((url?: string | URL) => {
    calls.push(String(url));
    return popup;
  }) as unknown as typeof window.open;
  return { openWindow, calls };
}

function nonceOf(url: string | undefined): string {
  return new URL(url ?? '').searchParams.get('nonce') ?? '';
}

function post(data: unknown, origin: string, source: unknown) {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source: source as Window }));
}

/** Settles `promise` into a value we can inspect without awaiting forever. */
function track<T>(promise: Promise<T>) {
  const state: { value?: T; error?: unknown; settled: boolean } = { settled: false };
  promise.then((value) => Object.assign(state, { value, settled: true }), (error: unknown) => Object.assign(state, { error, settled: true }));
  return state;
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  sessionStorage.clear();
});

describe('popupSignIn', () => {
  it('opens the server start page with the embedding origin and a fresh nonce, and resolves with the posted code', async () => {
    const popup = fakePopup();
    const { openWindow, calls } = opener(popup);
    const result = popupSignIn({ serverOrigin: `${SERVER}/`, provider: 'google', openWindow });
    const start = new URL(calls[0] ?? '');
    expect(start.origin + start.pathname).toBe(`${SERVER}/auth/google/start`);
    expect(start.searchParams.get('origin')).toBe(window.location.origin);
    expect(start.searchParams.get('mode')).toBe('popup');
    expect(nonceOf(calls[0])).toMatch(/^[0-9a-f]{32}$/);

    post({ type: 'natter:auth', nonce: nonceOf(calls[0]), code: CODE }, SERVER, popup);
    await expect(result).resolves.toEqual({ code: CODE });
  });

  it('asks the server\'s sign-in pages for the widget\'s language, and for none when it has none', () => {
    const { openWindow, calls } = opener(fakePopup());
    void popupSignIn({ serverOrigin: SERVER, provider: 'google', openWindow, lang: 'fr' }).catch(() => {});
    void popupSignIn({ serverOrigin: SERVER, provider: 'google', openWindow }).catch(() => {});
    expect(new URL(calls[0] ?? '').searchParams.get('lang')).toBe('fr');
    expect(new URL(calls[1] ?? '').searchParams.has('lang')).toBe(false);
  });

  it('uses a different nonce for every attempt', () => {
    const { openWindow, calls } = opener(fakePopup());
    void popupSignIn({ serverOrigin: SERVER, provider: 'google', openWindow }).catch(() => undefined);
    void popupSignIn({ serverOrigin: SERVER, provider: 'google', openWindow }).catch(() => undefined);
    expect(nonceOf(calls[0])).not.toBe(nonceOf(calls[1]));
  });

  it('ignores messages from another origin, another window, with the wrong nonce or the wrong shape', async () => {
    const popup = fakePopup();
    const { openWindow, calls } = opener(popup);
    const controller = new AbortController();
    const state = track(popupSignIn({ serverOrigin: SERVER, provider: 'twitter', openWindow, signal: controller.signal }));
    const nonce = nonceOf(calls[0]);

    post({ type: 'natter:auth', nonce, code: CODE }, 'https://evil.test', popup);
    post({ type: 'natter:auth', nonce, code: CODE }, SERVER, fakePopup());
    post({ type: 'natter:auth', nonce, code: CODE }, SERVER, window);
    post({ type: 'natter:auth', nonce: 'f'.repeat(32), code: CODE }, SERVER, popup);
    post({ type: 'natter:auth', code: CODE }, SERVER, popup);
    post({ type: 'other', nonce, code: CODE }, SERVER, popup);
    post({ type: 'natter:auth', nonce, code: '<script>' }, SERVER, popup);
    post(JSON.stringify({ type: 'natter:auth', nonce, code: CODE }), SERVER, popup);
    post(null, SERVER, popup);
    await vi.advanceTimersByTimeAsync(0);
    expect(state.settled).toBe(false);

    post({ type: 'natter:auth', nonce, code: CODE }, SERVER, popup);
    await vi.advanceTimersByTimeAsync(0);
    expect(state.value).toEqual({ code: CODE });
  });

  it('rejects with provider_error when the provider refused', async () => {
    const popup = fakePopup();
    const { openWindow, calls } = opener(popup);
    const result = popupSignIn({ serverOrigin: SERVER, provider: 'facebook', openWindow });
    post({ type: 'natter:auth', nonce: nonceOf(calls[0]), error: 'provider_error' }, SERVER, popup);
    await expect(result).rejects.toMatchObject({ name: 'NatterError', code: 'provider_error' });
  });

  it('rejects with popup_closed when the reader closes the popup', async () => {
    const popup = fakePopup();
    const { openWindow } = opener(popup);
    const state = track(popupSignIn({ serverOrigin: SERVER, provider: 'wordpress', openWindow }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.settled).toBe(false);
    popup.close();
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.error).toMatchObject({ code: 'popup_closed' });
  });

  it('still takes the code posted just before the popup closed itself', async () => {
    const popup = fakePopup();
    const { openWindow, calls } = opener(popup);
    const state = track(popupSignIn({ serverOrigin: SERVER, provider: 'wordpress', openWindow }));
    popup.close();
    await vi.advanceTimersByTimeAsync(400);
    post({ type: 'natter:auth', nonce: nonceOf(calls[0]), code: CODE }, SERVER, popup);
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.value).toEqual({ code: CODE });
  });

  it('rejects with popup_blocked when the browser refuses to open it', async () => {
    const { openWindow } = opener(null);
    await expect(popupSignIn({ serverOrigin: SERVER, provider: 'google', openWindow })).rejects.toMatchObject({ code: 'popup_blocked' });
  });

  it('closes the popup and rejects with cancelled when aborted', async () => {
    const popup = fakePopup();
    const { openWindow } = opener(popup);
    const controller = new AbortController();
    const result = popupSignIn({ serverOrigin: SERVER, provider: 'google', openWindow, signal: controller.signal });
    controller.abort();
    await expect(result).rejects.toMatchObject({ code: 'cancelled' });
    expect(popup.closed).toBe(true);
  });

  it('does not open anything when already aborted', async () => {
    const { openWindow, calls } = opener(fakePopup());
    const controller = new AbortController();
    controller.abort();
    await expect(popupSignIn({ serverOrigin: SERVER, provider: 'google', openWindow, signal: controller.signal }))
      .rejects.toMatchObject({ code: 'cancelled' });
    expect(calls).toEqual([]);
  });

  it('removes its listener and timer on every outcome', async () => {
    const added = vi.spyOn(window, 'addEventListener');
    const removed = vi.spyOn(window, 'removeEventListener');
    const outcomes: Array<(popup: FakePopup, nonce: string, controller: AbortController) => void> = [
      (popup, nonce) => post({ type: 'natter:auth', nonce, code: CODE }, SERVER, popup),
      (popup, nonce) => post({ type: 'natter:auth', nonce, error: 'access_denied' }, SERVER, popup),
      (popup) => popup.close(),
      (_popup, _nonce, controller) => controller.abort(),
    ];
    for (const outcome of outcomes) {
      const popup = fakePopup();
      const { openWindow, calls } = opener(popup);
      const controller = new AbortController();
      const state = track(popupSignIn({ serverOrigin: SERVER, provider: 'google', openWindow, signal: controller.signal }));
      outcome(popup, nonceOf(calls[0]), controller);
      await vi.advanceTimersByTimeAsync(1000);
      expect(state.settled).toBe(true);
    }
    const messageAdds = added.mock.calls.filter(([type]) => type === 'message');
    const messageRemoves = removed.mock.calls.filter(([type]) => type === 'message');
    expect(messageAdds).toHaveLength(4);
    expect(messageRemoves.map(([, listener]) => listener)).toEqual(messageAdds.map(([, listener]) => listener));
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('redirect fallback', () => {
  function fakeWindow(href: string) {
    const assigned: string[] = [];
    const location = new URL(href);
    const win = {
      crypto: window.crypto,
      sessionStorage: window.sessionStorage,
      location: Object.assign(location, { assign: (url: string) => assigned.push(url) }),
      history: { state: null, replaceState: (_s: unknown, _t: string, url: string) => { location.href = url; } },
    };
    return { win: win as unknown as Window, assigned, location };
  }

  it('sends the page to the server with a return URL and brings the code back through the fragment only', () => {
    const page = fakeWindow('https://blog.example.test/post/1?x=1#comments');
    redirectSignIn({ serverOrigin: SERVER, provider: 'twitter', win: page.win });
    const start = new URL(page.assigned[0] ?? '');
    expect(start.pathname).toBe('/auth/twitter/start');
    expect(start.searchParams.get('mode')).toBe('redirect');
    expect(start.searchParams.get('return')).toBe('https://blog.example.test/post/1?x=1');
    const nonce = start.searchParams.get('nonce') ?? '';

    const back = fakeWindow(`https://blog.example.test/post/1?x=1#natter_code=${CODE}&natter_nonce=${nonce}`);
    expect(consumeRedirectCode(back.win)).toEqual({ code: CODE });
    expect(back.location.href).toBe('https://blog.example.test/post/1?x=1#comments');
    expect(consumeRedirectCode(back.win)).toBeNull();
  });

  it('asks the server\'s sign-in pages for the widget\'s language', () => {
    const page = fakeWindow('https://blog.example.test/post/1');
    redirectSignIn({ serverOrigin: SERVER, provider: 'twitter', win: page.win, lang: 'de' });
    expect(new URL(page.assigned[0] ?? '').searchParams.get('lang')).toBe('de');
  });

  it('refuses a code whose nonce this tab did not create, and still removes it from the address', () => {
    const page = fakeWindow('https://blog.example.test/post/1');
    redirectSignIn({ serverOrigin: SERVER, provider: 'google', win: page.win });
    const back = fakeWindow(`https://blog.example.test/post/1#natter_code=${CODE}&natter_nonce=${'0'.repeat(32)}`);
    expect(consumeRedirectCode(back.win)).toBeNull();
    expect(back.location.href).toBe('https://blog.example.test/post/1');
  });

  it('reports a provider error brought back by the redirect', () => {
    const page = fakeWindow('https://blog.example.test/post/1');
    redirectSignIn({ serverOrigin: SERVER, provider: 'facebook', win: page.win });
    const nonce = new URL(page.assigned[0] ?? '').searchParams.get('nonce') ?? '';
    const back = fakeWindow(`https://blog.example.test/post/1#natter_error=provider_error&natter_nonce=${nonce}`);
    expect(consumeRedirectCode(back.win)).toEqual({ error: 'provider_error' });
  });

  it('finds nothing on an ordinary page load', () => {
    const back = fakeWindow('https://blog.example.test/post/1#comment-3');
    expect(consumeRedirectCode(back.win)).toBeNull();
    expect(back.location.href).toBe('https://blog.example.test/post/1#comment-3');
  });
});

import { NatterError } from '../model/errors';
import type { ProviderId } from '../model/types';
import { openSignInPopup } from './open-sign-in-popup';
import { randomHex } from './random-hex';
import { FRAGMENT_NONCE } from './redirect-fragment';

/** The `type` of every message the server's sign-in callback page posts. */
export const AUTH_MESSAGE_TYPE = 'natter:auth';

/** Fragment parameters of the redirect sign-in's answer, beside its nonce. */
const FRAGMENT_CODE = 'natter_code';
const FRAGMENT_ERROR = 'natter_error';
/** sessionStorage key holding the pending redirect sign-in (nonce and the page's own fragment). */
const REDIRECT_KEY = 'natter:redirect-sign-in';

const CODE_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;

/** Options for {@link popupSignIn}. */
export interface PopupSignInOptions {
  /** Origin of the natter server, e.g. `https://comments.example.com`. */
  serverOrigin: string;
  provider: ProviderId;
  /** Aborting closes the popup and rejects with `cancelled`. */
  signal?: AbortSignal;
  /** The widget's language: the server's sign-in pages speak it when they can. */
  lang?: string | undefined;
  /** Opens the popup; tests hand in a fake. @default win.open */
  openWindow?: typeof window.open;
  /** The embedding page's window. @default window */
  win?: Window;
  /** How often to check whether the reader closed the popup. @default 400 */
  pollMs?: number;
}

/** The outcome of a popup sign-in: a one-time code to exchange for a session. */
export interface SignInCode {
  code: string;
}

/** Options for {@link redirectSignIn}. */
export interface RedirectSignInOptions {
  serverOrigin: string;
  provider: ProviderId;
  /** The widget's language: the server's sign-in pages speak it when they can. */
  lang?: string | undefined;
  /** @default window */
  win?: Window;
}

/** What {@link consumeRedirectCode} found in the address. */
export type RedirectResult = SignInCode | { error: 'provider_error' };

function originOf(serverOrigin: string): string {
  try {
    return new URL(serverOrigin).origin;
  } catch (cause) {
    throw new NatterError('invalid', `signIn: bad server origin ${serverOrigin}`, { cause });
  }
}

function startUrl(server: string, provider: ProviderId, params: Record<string, string>, lang: string | undefined): string {
  if (lang) params.lang = lang;
  return `${server}/auth/${encodeURIComponent(provider)}/start?${new URLSearchParams(params).toString()}`;
}

/** Field `key` of `value` when it is an object, else `undefined`. */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}

/** The code the callback page posts with `nonce`; `null` when it reports a failure, `undefined` for any other message. */
function readAuthMessage(data: unknown, nonce: string): string | null | undefined {
  if (field(data, 'type') !== AUTH_MESSAGE_TYPE || field(data, 'nonce') !== nonce) return undefined;
  const code = field(data, 'code');
  if (typeof code === 'string' && CODE_PATTERN.test(code)) return code;
  return typeof field(data, 'error') === 'string' ? null : undefined;
}

/**
 * Signs in with `provider` through a popup on the natter server and resolves
 * with the one-time code the server's callback page posts back. Only a message
 * from the server's origin, from this popup, carrying this attempt's nonce
 * counts; everything else is ignored.
 *
 * Rejects with `NatterError` `popup_blocked` (fall back to
 * {@link redirectSignIn}), `popup_closed`, `cancelled` or `provider_error`.
 * Every listener and timer is removed whatever the outcome.
 *
 * @example
 * const { code } = await popupSignIn({ serverOrigin: 'https://comments.example.com', provider: 'google' });
 */
export function popupSignIn(options: PopupSignInOptions): Promise<SignInCode> {
  const win = options.win ?? window;
  const server = originOf(options.serverOrigin);
  const { signal } = options;
  const failed = (code: 'cancelled' | 'popup_blocked' | 'popup_closed' | 'provider_error') =>
    new NatterError(code, `signIn ${options.provider}: ${code}`);
  if (signal?.aborted) return Promise.reject(failed('cancelled'));

  const nonce = randomHex();
  const url = startUrl(server, options.provider, { origin: win.location.origin, nonce, mode: 'popup' }, options.lang);
  const popup = openSignInPopup(win, options.provider, url, options.openWindow);
  if (!popup) return Promise.reject(failed('popup_blocked'));

  return new Promise<SignInCode>((resolve, reject) => {
    let closedSeen = false;
    const finish = (outcome: () => void) => {
      win.removeEventListener('message', onMessage);
      win.clearInterval(poll);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== server || event.source !== popup) return;
      const code = readAuthMessage(event.data, nonce);
      if (code !== undefined) finish(() => (code === null ? reject(failed('provider_error')) : resolve({ code })));
    };
    const onAbort = () => {
      finish(() => {
        try {
          popup.close();
        } catch {
          // A popup that has gone away already is fine.
        }
        reject(failed('cancelled'));
      });
    };
    // The callback page posts its message and then closes itself; seeing the
    // popup closed twice in a row leaves time for that message to arrive.
    const poll = win.setInterval(() => {
      if (popup.closed && closedSeen) finish(() => reject(failed('popup_closed')));
      closedSeen = popup.closed;
    }, options.pollMs ?? 400);
    win.addEventListener('message', onMessage);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Signs in with a full-page redirect, for when the popup is blocked. The
 * server sends the reader back to this very page with a one-time code in the
 * fragment (never the query string, so it reaches neither servers nor
 * referrers); {@link consumeRedirectCode} picks it up on load.
 */
export function redirectSignIn(options: RedirectSignInOptions): void {
  const win = options.win ?? window;
  const server = originOf(options.serverOrigin);
  const nonce = randomHex();
  const here = new URL(win.location.href);
  const hash = here.hash;
  here.hash = '';
  try {
    win.sessionStorage.setItem(REDIRECT_KEY, JSON.stringify({ nonce, hash }));
  } catch (cause) {
    throw new NatterError('unsupported', 'signIn: no sessionStorage', { cause });
  }
  win.location.assign(startUrl(server, options.provider, { origin: win.location.origin, nonce, mode: 'redirect', return: here.href }, options.lang));
}

/**
 * Reads a sign-in result that {@link redirectSignIn} brought back in the
 * fragment, removes it from the address (restoring the page's own fragment) and
 * returns it — or `null` when there is none, or it does not belong to a
 * sign-in this tab started (its nonce does not match).
 */
export function consumeRedirectCode(win: Window = window): RedirectResult | null {
  const fragment = new URLSearchParams(win.location.hash.slice(1));
  const nonce = fragment.get(FRAGMENT_NONCE);
  if (nonce === null) return null;
  const code = fragment.get(FRAGMENT_CODE);
  const error = fragment.get(FRAGMENT_ERROR);

  let pending: unknown;
  try {
    pending = JSON.parse(win.sessionStorage.getItem(REDIRECT_KEY) ?? 'null');
    win.sessionStorage.removeItem(REDIRECT_KEY);
  } catch {
    pending = null;
  }
  const savedHash = field(pending, 'hash');

  const clean = new URL(win.location.href);
  clean.hash = typeof savedHash === 'string' ? savedHash : '';
  win.history.replaceState(win.history.state, '', clean.href);

  if (field(pending, 'nonce') !== nonce) return null;
  if (code !== null && CODE_PATTERN.test(code)) return { code };
  if (error !== null) return { error: 'provider_error' };
  return null;
}

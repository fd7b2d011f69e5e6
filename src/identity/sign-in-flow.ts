import { NatterError, isNatterError } from '../model/errors';
import type { ProviderId } from '../model/types';
import { consumeRedirectCode, popupSignIn, redirectSignIn } from './popup-sign-in';

/** Options for {@link signInFlow}. */
export interface SignInFlowOptions {
  /** Origin of the natter server. */
  serverOrigin: string;
  provider: ProviderId;
  /** Aborting closes the popup and rejects with `cancelled`. */
  signal?: AbortSignal | undefined;
  /** The widget's language, passed to the server's sign-in pages. */
  lang?: string | undefined;
  /** The embedding page's window. */
  win: Window;
  /** The popup opened (at `about:blank`) in the reader's click, or `null` when the browser blocked it. */
  popup: Window | null;
}

/**
 * What the sign-in code offers the http backend, which loads it on demand:
 * the script-tag bundle from `natter.sign-in.js`, the ES module build by
 * `import()`.
 */
export interface SignInFlows {
  signInFlow: typeof signInFlow;
  consumeRedirectCode: typeof consumeRedirectCode;
}

/**
 * Runs a provider sign-in to its one-time code: in the popup the click
 * opened, sent now to the server's start page; or, when the popup was
 * blocked, by leaving the page for the provider — the page comes back with the
 * code in its fragment for {@link consumeRedirectCode}, and this promise
 * settles only if `signal` aborts (`cancelled`).
 */
export async function signInFlow(options: SignInFlowOptions): Promise<string> {
  const { popup, signal } = options;
  try {
    const { code } = await popupSignIn({
      ...options,
      openWindow: (url) => {
        try {
          popup?.location.replace(String(url));
        } catch {
          // Closed meanwhile: the popup's watch reports popup_closed.
        }
        return popup;
      },
    });
    return code;
  } catch (error) {
    if (!isNatterError(error) || error.code !== 'popup_blocked') throw error;
  }
  redirectSignIn(options);
  return new Promise((_, reject) => {
    signal?.addEventListener('abort', () => reject(new NatterError('cancelled', 'signIn: cancelled')), { once: true });
  });
}

export { consumeRedirectCode };

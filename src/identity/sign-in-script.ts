import { NatterError } from '../model/errors';
import type { SignInFlows } from './sign-in-flow';

/** The sign-in code's own script, built beside the script-tag bundle. */
export const SIGN_IN_SCRIPT = 'natter.sign-in.js';
/** The property of its `<script>` element on which `natter.sign-in.js` leaves {@link SignInFlows}. */
export const SIGN_IN_EXPORT = 'natterSignIn';

/**
 * The script-tag bundle's sign-in loader: adds `natter.sign-in.js` from
 * beside `scriptUrl` as a classic script (so a host CSP that allows natter's
 * origin allows it too — no inline code, no eval) the first time a sign-in
 * needs it, and resolves with what it left on its element. Nothing is added to
 * `window`. A failed load rejects with `network` and is tried again next time.
 */
export function loadSignInScript(scriptUrl: string): () => Promise<SignInFlows> {
  let loading: Promise<SignInFlows> | undefined;
  return () => (loading ??= new Promise<SignInFlows>((resolve, reject) => {
    const script = document.createElement('script');
    const done = () => {
      script.remove();
      const flows: unknown = Reflect.get(script, SIGN_IN_EXPORT);
      if (isSignInFlows(flows)) return resolve(flows);
      loading = undefined;
      reject(new NatterError('network', `signIn: ${script.src} did not load`));
    };
    script.onload = script.onerror = done;
    script.src = new URL(SIGN_IN_SCRIPT, scriptUrl).href;
    document.head.append(script);
  }));
}

function isSignInFlows(value: unknown): value is SignInFlows {
  const o: object = Object(value);
  return typeof Reflect.get(o, 'signInFlow') === 'function' && typeof Reflect.get(o, 'consumeRedirectCode') === 'function';
}

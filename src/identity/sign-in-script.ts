import { scriptExports } from './script-exports';
import type { SignInFlows } from './sign-in-flow';

/** The sign-in code's own script, built beside the script-tag bundle. */
export const SIGN_IN_SCRIPT = 'natter.sign-in.js';
/** The property of its `<script>` element on which `natter.sign-in.js` leaves {@link SignInFlows}. */
export const SIGN_IN_EXPORT = 'natterSignIn';

/**
 * The script-tag bundle's sign-in loader: adds `natter.sign-in.js` from
 * beside `scriptUrl` the first time a sign-in needs it (see {@link scriptExports}).
 */
export function loadSignInScript(scriptUrl: string): () => Promise<SignInFlows> {
  return scriptExports(new URL(SIGN_IN_SCRIPT, scriptUrl).href, SIGN_IN_EXPORT, isSignInFlows);
}

function isSignInFlows(value: unknown): value is SignInFlows {
  const o: object = Object(value);
  return typeof Reflect.get(o, 'signInFlow') === 'function' && typeof Reflect.get(o, 'consumeRedirectCode') === 'function';
}

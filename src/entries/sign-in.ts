import { SIGN_IN_EXPORT } from '../identity/sign-in-script';
import { consumeRedirectCode, signInFlow } from '../identity/sign-in-flow';
import type { SignInFlows } from '../identity/sign-in-flow';
import { hostDocument } from '../host-document';

/*
 * `natter.sign-in.js`: the provider sign-in code, which first render does not
 * need. The script-tag bundle adds it as a classic script the first time a
 * reader clicks a provider's icon (or the page comes back from a redirect
 * sign-in) and takes what it leaves on its own <script> element: no global.
 */

const flows: SignInFlows = { signInFlow, consumeRedirectCode };
const script = hostDocument('currentScript');
if (script) Reflect.set(script, SIGN_IN_EXPORT, flows);

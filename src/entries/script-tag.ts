import { httpFactory } from '../embed/backend-factory';
import { loadInteractionScript } from '../embed/interaction-script';
import { ScriptHttpBackend } from '../embed/script-http-backend';
import { startScriptTag } from '../embed/start-script-tag';
import { wordpressScriptFactory } from '../embed/wordpress-script-factory';
import { hostDocument } from '../host-document';

/*
 * The <script>-tag entry. Built as an IIFE named `natter`, so `window.natter`
 * is its only global:
 *   <script src="natter.iife.js" data-backend="https://comments.example" async></script>
 * mounts into #natter (or `data-target`), options from data-* attributes. It
 * talks to a natter server; `natter.offline.iife.js` adds the memory backend.
 * It only paints: the form, posting, editing, likes and sign-in are
 * `natter.interaction.js` (and `natter.sign-in.js`), loaded from beside this
 * script on first interaction or when the browser is idle;
 * `data-backend="wordpress:https://blog.example"` imports `natter.wordpress.js` from beside it.
 */

const script = hostDocument('currentScript');
const scriptUrl = (script instanceof HTMLScriptElement && script.src) || location.href;
const chunk = loadInteractionScript(scriptUrl);

/** Mounts a comment thread into `element`; other languages load from `locales/` beside this script. */
export const { mount } = startScriptTag(
  [
    httpFactory((baseUrl) => new ScriptHttpBackend(baseUrl, () => chunk().then((c) => c.httpBackend(baseUrl)))),
    wordpressScriptFactory(scriptUrl),
  ],
  () => chunk().then((c) => c.parts),
);

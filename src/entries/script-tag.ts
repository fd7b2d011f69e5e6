import { scriptHttpBackendFactory } from '../embed/backend-factory';
import { startScriptTag } from '../embed/start-script-tag';
import { wordpressScriptFactory } from '../embed/wordpress-script-factory';

/*
 * The <script>-tag entry. Built as an IIFE named `natter`, so `window.natter`
 * is its only global:
 *   <script src="natter.iife.js" data-backend="https://comments.example" async></script>
 * mounts into #natter (or `data-target`), options from data-* attributes. It
 * talks to a natter server; `natter.offline.iife.js` adds the memory backend.
 * The provider sign-in code is `natter.sign-in.js`, loaded from beside this
 * script when a reader first signs in; `data-backend="wordpress:https://blog.example"`
 * imports `natter.wordpress.js` from beside it.
 */

const script = document.currentScript;

const scriptUrl = (script instanceof HTMLScriptElement && script.src) || location.href;

/** Mounts a comment thread into `element`; other languages load from `locales/` beside this script. */
export const { mount } = startScriptTag([scriptHttpBackendFactory(scriptUrl), wordpressScriptFactory(scriptUrl)]);

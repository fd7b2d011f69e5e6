import { scriptHttpBackendFactory } from '../embed/backend-factory';
import { startScriptTag } from '../embed/start-script-tag';

/*
 * The <script>-tag entry. Built as an IIFE named `natter`, so `window.natter`
 * is its only global:
 *   <script src="natter.iife.js" data-backend="https://comments.example" async></script>
 * mounts into #natter (or `data-target`), options from data-* attributes. It
 * talks to a natter server; `natter.offline.iife.js` adds the memory backend.
 * The provider sign-in code is `natter.sign-in.js`, loaded from beside this
 * script when a reader first signs in.
 */

const script = document.currentScript;

/** Mounts a comment thread into `element`; other languages load from `locales/` beside this script. */
export const { mount } = startScriptTag([
  scriptHttpBackendFactory((script instanceof HTMLScriptElement && script.src) || location.href),
]);

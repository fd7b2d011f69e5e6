import { httpBackendFactory } from './create-backend';
import { startScriptTag } from './start-script-tag';

/*
 * The <script>-tag entry. Built as an IIFE named `natter`, so `window.natter`
 * is its only global:
 *   <script src="natter.iife.js" data-backend="https://comments.example" async></script>
 * mounts into #natter (or `data-target`), options from data-* attributes. It
 * talks to a natter server; `natter.offline.iife.js` adds the memory backend.
 */

/** Mounts a comment thread into `element`; other languages load from `locales/` beside this script. */
export const { mount } = startScriptTag([httpBackendFactory]);

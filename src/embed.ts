import { createBackend } from './create-backend';
import { defineNatterComments } from './element';
import { fetchCatalogue } from './i18n/load-catalogue';
import { mount as mountWidget, type MountOptions, type NatterHandle } from './mount';
import { optionsFromAttributes } from './options-from-attributes';

/*
 * The <script>-tag entry. Built as an IIFE named `natter`, so `window.natter`
 * is its only global:
 *   <script src="natter.iife.js" data-backend="https://comments.example" async></script>
 * mounts into #natter (or `data-target`), options from data-* attributes.
 */

// Read while this script runs: `currentScript` is null once it has finished.
const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;
const loadCatalogue = fetchCatalogue(script?.src || location.href);

/** Mounts a comment thread into `element`; other languages load from `locales/` beside this script. */
export function mount(element: Element, options: MountOptions): NatterHandle {
  return mountWidget(element, { loadCatalogue, ...options });
}

function start(tag: HTMLScriptElement) {
  const data = (name: string) => tag.getAttribute(`data-${name}`);
  const selector = data('target') || '#natter';
  const target = document.querySelector(selector);
  if (!target) return console.error(`natter: no element matches data-target ${JSON.stringify(selector)}`);
  try {
    mount(target, { ...optionsFromAttributes(data), backend: createBackend(data('backend') ?? '') });
  } catch (error) {
    // A bad configuration is the site owner's to see; the host page carries on.
    console.error(error);
  }
}

defineNatterComments(loadCatalogue);
if (script?.hasAttribute('data-backend')) {
  const tag = script;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => start(tag), { once: true });
  else start(tag);
}

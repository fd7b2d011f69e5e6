import { createBackend, type BackendFactory } from './backend-factory';
import { defineElement } from './define-element';
import { fetchCatalogue } from './i18n/load-catalogue';
import { mount as mountWidget, type MountOptions, type NatterHandle } from './mount';
import { optionsFromAttributes } from './options-from-attributes';

/** What a script-tag bundle offers on `window.natter`. */
export interface ScriptTagApi {
  /** Mounts a comment thread into `element`; other languages load from `locales/` beside the script. */
  mount(element: Element, options: MountOptions): NatterHandle;
}

/**
 * Runs a script-tag bundle: defines `<natter-comments>` and, when the running
 * `<script>` has `data-backend`, mounts into `#natter` (or `data-target`) with
 * options from its data-* attributes. Call it while the script runs:
 * `document.currentScript` is null once it has finished.
 */
export function startScriptTag(backends: readonly BackendFactory[]): ScriptTagApi {
  const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;
  const loadCatalogue = fetchCatalogue(script?.src || location.href);
  const mount = (element: Element, options: MountOptions) => mountWidget(element, { loadCatalogue, ...options });

  const start = (tag: HTMLScriptElement) => {
    const data = (name: string) => tag.getAttribute(`data-${name}`);
    const selector = data('target') || '#natter';
    const target = document.querySelector(selector);
    if (!target) return console.error(`natter: no element matches data-target ${JSON.stringify(selector)}`);
    try {
      mount(target, { ...optionsFromAttributes(data), backend: createBackend(data('backend') ?? '', backends) });
    } catch (error) {
      // A bad configuration is the site owner's to see; the host page carries on.
      console.error(error);
    }
  };

  defineElement(backends, loadCatalogue);
  if (script?.hasAttribute('data-backend')) {
    const tag = script;
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => start(tag), { once: true });
    else start(tag);
  }
  return { mount };
}

import { createBackend, type BackendFactory } from './backend-factory';
import { fetchCatalogue } from '../i18n/load-catalogue';
import { firstQuery, mount as mountWidget, type MountOptions, type NatterHandle } from '../mount';
import type { InteractionLoader } from '../ui/interaction';
import { optionsFromAttributes } from './options-from-attributes';
import { hostDocument, hostQuery } from '../host-document';

/** What a script-tag bundle offers on `window.natter`. */
export interface ScriptTagApi {
  /**
   * Mounts a comment thread into `element`; other languages load from `locales/`
   * beside the script. `backend` may be a natter server's URL.
   * @example natter.mount(el, { backend: 'https://comments.example.com', pageId: '/post-2/' })
   */
  mount(element: Element, options: ScriptTagMountOptions): NatterHandle;
}

/** {@link MountOptions} whose `backend` may also be given as the server's URL. */
export type ScriptTagMountOptions = Omit<MountOptions, 'backend'> & { backend: MountOptions['backend'] | string };

/**
 * Runs a script-tag bundle: when the running `<script>` has `data-backend`,
 * starts the first read right away (a backend with `prefetch`) and mounts
 * into `#natter` (or `data-target`) with options from its data-* attributes
 * once the page is parsed. Call it while the script runs:
 * `document.currentScript` is null once it has finished.
 */
export function startScriptTag(backends: readonly BackendFactory[], loadInteraction: InteractionLoader): ScriptTagApi {
  const current = hostDocument('currentScript');
  const script = current instanceof HTMLScriptElement ? current : null;
  const loadCatalogue = fetchCatalogue(script?.src || location.href);
  const mount = (element: Element, { backend, ...options }: ScriptTagMountOptions) =>
    mountWidget(element, {
      loadCatalogue, loadInteraction, ...options, backend: typeof backend === 'string' ? createBackend(backend, backends) : backend,
    });

  if (script?.hasAttribute('data-backend')) {
    const data = (name: string) => script.getAttribute(`data-${name}`);
    const options = optionsFromAttributes(data);
    try {
      const backend = createBackend(data('backend') ?? '', backends);
      const start = () => {
        const selector = data('target') || '#natter';
        const target = hostQuery(selector);
        if (!target) return console.error(`natter: no element matches data-target ${JSON.stringify(selector)}`);
        mount(target, { ...options, backend });
      };
      // The one request first paint needs goes out now, in parallel with parsing the page and mounting.
      if ('prefetch' in backend && typeof backend.prefetch === 'function') backend.prefetch(firstQuery(options));
      // DOMContentLoaded bubbles to the window, whose addEventListener no markup can shadow.
      if (hostDocument('readyState') === 'loading') addEventListener('DOMContentLoaded', start, { once: true });
      else start();
    } catch (error) {
      // A bad configuration is the site owner's to see; the host page carries on.
      console.error(error);
    }
  }
  // `<natter-comments>` is left to the npm package (`defineNatterComments`): the
  // class costs every reader ~230 bytes brotli, and `natter.mount` does its job here.
  return { mount };
}

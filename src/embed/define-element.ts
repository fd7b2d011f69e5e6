import type { Backend } from '../backend/backend';
import { createBackend, type BackendFactory } from './backend-factory';
import type { CatalogueLoader } from '../i18n/load-catalogue';
import type { InteractionLoader } from '../ui/interaction';
import { mount, type NatterHandle } from '../mount';
import { optionsFromAttributes } from './options-from-attributes';

/** The custom element's tag name. */
export const ELEMENT_NAME = 'natter-comments';

const OBSERVED = ['backend', 'page-id', 'page-title', 'page-url', 'lang', 'theme', 'max-depth', 'sort', 'page-size'];
// `title` is a global attribute (a tooltip over the whole widget), so the element says `page-title`.
const RENAMED: Record<string, string> = { title: 'page-title', url: 'page-url' };

/**
 * Defines `<natter-comments backend="https://…" page-id="…" page-title="…">` once (later
 * calls do nothing), its `backend` attribute read by `backends`. Set the
 * `backend` property to pass a {@link Backend} instance instead of an attribute.
 */
export function defineElement(backends: readonly BackendFactory[], loadCatalogue?: CatalogueLoader, loadInteraction?: InteractionLoader): void {
  const registry = globalThis.customElements;
  if (!registry || registry.get(ELEMENT_NAME)) return;

  class NatterComments extends HTMLElement {
    static observedAttributes = OBSERVED;
    private handle: NatterHandle | null = null;
    private backendInstance: Backend | null = null;
    /** Between connectedCallback and disconnectedCallback. */
    private connected = false;

    /** A backend instance; takes precedence over the `backend` attribute. */
    get backend(): Backend | null {
      return this.backendInstance;
    }
    set backend(value: Backend | null) {
      this.backendInstance = value;
      this.remount();
    }

    connectedCallback() {
      this.connected = true;
      this.remount();
    }
    disconnectedCallback() {
      this.connected = false;
      this.remount();
    }
    attributeChangedCallback(_name: string, before: string | null, after: string | null) {
      if (before !== after) this.remount();
    }

    /** Mounts afresh with the current attributes; a bad `backend` is reported, never thrown at the page. */
    private remount() {
      this.handle?.unmount();
      this.handle = null;
      if (!this.connected) return;
      const spec = this.getAttribute('backend');
      try {
        const backend = this.backendInstance ?? (spec ? createBackend(spec, backends) : null);
        if (!backend) return;
        const options = optionsFromAttributes((name) => this.getAttribute(RENAMED[name] ?? name));
        this.handle = mount(this, { ...options, backend, ...(loadCatalogue ? { loadCatalogue } : {}), ...(loadInteraction ? { loadInteraction } : {}) });
      } catch (error) {
        console.error(error);
      }
    }
  }
  registry.define(ELEMENT_NAME, NatterComments);
}

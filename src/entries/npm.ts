import { defineNatterComments as define } from './element';
import { importCatalogue } from '../i18n/import-catalogue';
import { mount as mountWidget, type MountOptions, type NatterHandle } from '../mount';

/** The form and editor, a chunk of their own for bundlers. */
const loadInteraction = () => import('../ui/interaction-parts');

/**
 * Mounts a comment thread into `element` (the npm package's `mount`: other
 * languages' catalogues are imported lazily, each its own chunk).
 * @example
 * import { mount, MemoryBackend } from 'natter';
 * const handle = mount(document.querySelector('#comments')!, { backend: new MemoryBackend() });
 */
export function mount(element: Element, options: MountOptions): NatterHandle {
  return mountWidget(element, { loadCatalogue: importCatalogue, loadInteraction, ...options });
}

/** Defines the `<natter-comments>` element once, with lazily imported catalogues. */
export function defineNatterComments(): void {
  define(importCatalogue, loadInteraction);
}

import { httpBackendFactory } from '../embed/create-backend';
import { defineElement } from '../embed/define-element';
import type { CatalogueLoader } from '../i18n/load-catalogue';
import type { InteractionLoader } from '../ui/interaction';
import { memoryBackendFactory } from '../embed/memory-backend-factory';

export { ELEMENT_NAME } from '../embed/define-element';

/**
 * Defines `<natter-comments backend="https://…" page-id="…" page-title="…">` once (later
 * calls do nothing); `backend` is a natter server's URL or `memory`. Set the
 * `backend` property to pass a {@link Backend} instance instead of an attribute.
 * @example
 * defineNatterComments();
 * document.body.insertAdjacentHTML('beforeend', '<natter-comments backend="memory"></natter-comments>');
 */
export function defineNatterComments(loadCatalogue?: CatalogueLoader, loadInteraction: InteractionLoader = () => import('../ui/interaction-parts')): void {
  defineElement([httpBackendFactory, memoryBackendFactory()], loadCatalogue, loadInteraction);
}

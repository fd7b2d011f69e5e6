import { HttpBackend } from '../backend/http/http';
import { httpFactory, type BackendFactory } from './backend-factory';

export { createBackend } from './backend-factory';
export type { BackendFactory } from './backend-factory';

/** A natter server's URL, absolute or a path on the page's own site → {@link HttpBackend}. */
export const httpBackendFactory: BackendFactory = /* @__PURE__ */ httpFactory((baseUrl) => new HttpBackend({ baseUrl }));

/**
 * `natter/wordpress`: the backend for a WordPress site's REST API (with natter's
 * WordPress plugin). Kept out of the main entry so ky loads only where it is used.
 */
export { WordPressBackend } from './wordpress-backend';
export type { WordPressBackendOptions } from './wordpress-backend';
export type { WordPressApiOptions } from './wordpress-api';

import type { Backend } from '../backend/backend';
import type * as wordpress from '../backend/wordpress/index';
import type { BackendFactory } from './backend-factory';

type WordPressModule = typeof wordpress;
/** A backend seen as its members by name. */
type Members = Record<string, (...args: unknown[]) => Promise<unknown>>;

/** The WordPress backend's own file, built beside the script-tag bundle. */
export const WORDPRESS_SCRIPT = 'natter.wordpress.js';

/**
 * The members the WordPress backend has. The stand-in has exactly these, so
 * the UI offers nothing WordPress lacks (`wordpress-script-factory.test.ts` holds the two lists together).
 */
export const WORDPRESS_MEMBERS = 'getConfig listComments postComment getLikes setLike countComments'.split(' ');

/**
 * `wordpress:https://blog.example` → a backend that imports `natter.wordpress.js`
 * (the WordPress backend with ky) from beside `scriptUrl` on its first call, so
 * the script-tag bundle itself carries neither.
 */
export function wordpressScriptFactory(scriptUrl: string): BackendFactory {
  return {
    accepts: 'wordpress:<url>',
    create: (spec) => {
      // The chunk's WordPressBackend checks the URL: its error is every call's answer.
      if (!spec.startsWith('wordpress:')) return null;
      const siteUrl = spec.slice(10);
      let loaded: Promise<Members> | undefined;
      const backend: Members = {};
      for (const name of WORDPRESS_MEMBERS) {
        backend[name] = (...args) => (loaded ??= (import(/* @vite-ignore */ `${new URL(WORDPRESS_SCRIPT, scriptUrl)}`) as Promise<WordPressModule>)
          .then((m) => new m.WordPressBackend({ siteUrl }) as unknown as Members))
          .then((wp) => wp[name]!(...args));
      }
      // Each member hands its arguments on to the WordPressBackend's own, so it has that member's type.
      return backend as unknown as Backend;
    },
  };
}

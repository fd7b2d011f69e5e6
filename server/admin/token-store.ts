/** Where the admin token is kept between reloads of the admin page. */
export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
}

const KEY = 'natter-admin-token';

/**
 * The admin token in `sessionStorage`: it survives a reload but not the tab,
 * and never reaches a cookie or a URL. Storage that throws (disabled, full)
 * degrades to keeping nothing.
 */
export function sessionTokenStore(storage: () => Storage = () => sessionStorage): TokenStore {
  return {
    get() {
      try {
        return storage().getItem(KEY);
      } catch {
        return null;
      }
    },
    set(token) {
      try {
        if (token === null) storage().removeItem(KEY);
        else storage().setItem(KEY, token);
      } catch {
        // Keeping the token is a convenience; signing in again still works.
      }
    },
  };
}

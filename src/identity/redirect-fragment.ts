/** Fragment parameters the server's redirect mode brings the reader back with. */
export const FRAGMENT = { code: 'natter_code', nonce: 'natter_nonce', error: 'natter_error' } as const;

/** True when the address `hash` carries the answer of a redirect sign-in (for `consumeRedirectCode`). */
export function hasRedirectAnswer(hash: string): boolean {
  return new URLSearchParams(hash.slice(1)).has(FRAGMENT.nonce);
}

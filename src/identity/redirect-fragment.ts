/** The fragment parameter of the nonce that a redirect sign-in comes back with (`consumeRedirectCode` reads the rest). */
export const FRAGMENT_NONCE = 'natter_nonce';

/** True when the address `hash` may carry the answer of a redirect sign-in, so the sign-in code must look. */
export function hasRedirectAnswer(hash: string): boolean {
  return hash.includes(`${FRAGMENT_NONCE}=`);
}

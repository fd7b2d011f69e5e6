/** 32 random hex digits: sign-in nonces, and the http backend's visitor secret. */
export function randomHex(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

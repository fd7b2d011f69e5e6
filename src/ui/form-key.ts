/**
 * A fresh idempotency key for one intended comment: 128 random bits as 32 hex
 * digits, from `crypto.getRandomValues`, which plain-http pages have too
 * (unlike `crypto.randomUUID`, secure contexts only).
 */
export function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

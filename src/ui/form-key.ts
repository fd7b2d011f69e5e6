/**
 * A fresh idempotency key for one intended comment: `crypto.randomUUID` where
 * the page is a secure context, random bytes otherwise (plain-http pages have
 * no `randomUUID`), and `Math.random` as a last resort.
 */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof c?.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

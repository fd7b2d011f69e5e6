/**
 * A 32-bit hash of `text` (31-multiplier, over code points): the same text
 * always gives the same number. Avatars take their colour from it, the thread
 * list its block boundaries.
 */
export function stringHash(text: string): number {
  let hash = 0;
  for (const ch of text) hash = (Math.imul(hash, 31) + (ch.codePointAt(0) ?? 0)) | 0;
  return hash;
}

import { sha256 } from '../http/crypto';

/** Normalised content for duplicate detection: the same words, whatever their case, spacing or Unicode form. */
export function contentHash(source: string): string {
  return sha256(source.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim());
}

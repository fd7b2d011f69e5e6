import { createHmac } from 'node:crypto';

/** Length of an avatar key: 22 base64url characters, 132 bits of an HMAC-SHA256. */
export const AVATAR_KEY_LENGTH = 22;

/**
 * The public avatar key of an identity (an email, or `provider:subject`): an
 * HMAC-SHA256 under the server secret, base64url, {@link AVATAR_KEY_LENGTH}
 * characters. Without the secret it cannot be reversed or matched to an email.
 * Emails are compared trimmed and lower-cased; `provider:subject` identities
 * are case-sensitive.
 */
export function avatarKey(secret: string, identity: string): string {
  const trimmed = identity.normalize('NFC').trim();
  const normalised = trimmed.includes(':') ? trimmed : trimmed.toLowerCase();
  return createHmac('sha256', secret).update(`natter-avatar\u0000${normalised}`).digest('base64url').slice(0, AVATAR_KEY_LENGTH);
}

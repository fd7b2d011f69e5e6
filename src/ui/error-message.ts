import type { Translator } from '../i18n/translator';
import { isNatterError } from '../model/errors';

/**
 * The translated message for an error met while reading, liking or deleting:
 * a {@link NatterError}'s code picks the text; anything else reads as a
 * generic failure. Raw backend text is never shown. What only posting,
 * editing and signing in meet is `formErrorMessage`, in the interaction chunk.
 */
export function errorMessage(t: Translator, error: unknown): string {
  switch (isNatterError(error) && error.code) {
    case 'network': return t.t('Could not reach the comments server. Check your connection and try again.');
    case 'timeout': return t.t('The comments server took too long to answer. Please try again.');
    case 'rate_limited': return t.t('You are posting comments too quickly. Slow down.');
    case 'unauthorized': return t.t('Your session has expired. Please log in again.');
    case 'forbidden': return t.t('You are not allowed to do that.');
    case 'not_found': return t.t('That comment no longer exists.');
    case 'closed': return t.t('Comments are closed.');
    case 'edit_window_closed': return t.t('The time to edit or delete this comment has passed.');
  }
  // 503 with Retry-After: the server is up, only busy.
  return isNatterError(error) && error.retryAfter
    ? t.t('The comments server is busy. Please try again in a moment.')
    : t.t('Something went wrong. Please try again.');
}

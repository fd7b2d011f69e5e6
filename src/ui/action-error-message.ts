import type { Translator } from '../i18n/translator';
import { isNatterError } from '../model/errors';
import { errorMessage } from './error-message';

/**
 * The translated message for an error met by something a reader does —
 * posting, editing, deleting, liking, signing in, loading more: the codes
 * only those meet, then {@link errorMessage}'s. Raw backend text is never shown.
 */
export function actionErrorMessage(t: Translator, error: unknown): string {
  switch (isNatterError(error) && error.code) {
    case 'timeout': return t.t('The comments server took too long to answer. Please try again.');
    case 'rate_limited': return t.t('You are posting comments too quickly. Slow down.');
    case 'forbidden': return t.t('You are not allowed to do that.');
    case 'not_found': return t.t('That comment no longer exists.');
    case 'closed': return t.t('Comments are closed.');
    case 'edit_window_closed': return t.t('The time to edit or delete this comment has passed.');
    case 'invalid': return t.t('Some details are missing or not valid. Please check the form.');
    case 'too_long': return t.t('That is too long. Please shorten it and try again.');
    case 'duplicate': return t.t('Duplicate comment detected; it looks as though you’ve already said that!');
    case 'spam': return t.t('Your comment could not be posted.');
    case 'popup_blocked': return t.t('The sign-in window was blocked. Allow pop-ups for this site and try again.');
    case 'popup_closed': return t.t('The sign-in window was closed before you finished.');
    case 'provider_error': return t.t('The sign-in service reported a problem. Please try again.');
    case 'cancelled': return t.t('Cancelled.');
    case 'unsupported': return t.t('This is not available here.');
  }
  return errorMessage(t, error);
}

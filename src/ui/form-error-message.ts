import type { Translator } from '../i18n/translator';
import { isNatterError } from '../model/errors';
import { errorMessage } from './error-message';

/**
 * The translated message for an error met while posting, editing or signing
 * in: the codes only those meet, then {@link errorMessage}'s. Raw backend
 * text is never shown.
 */
export function formErrorMessage(t: Translator, error: unknown): string {
  switch (isNatterError(error) && error.code) {
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

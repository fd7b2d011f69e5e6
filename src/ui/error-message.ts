import type { Translator } from '../i18n/translator';
import { isNatterError } from '../model/errors';
import type { WidgetContext } from './context';

/**
 * The translated message for an error met while reading, as first paint
 * knows it: a {@link NatterError}'s code picks the text; anything else reads
 * as a generic failure. Raw backend text is never shown. What only what a
 * reader does meets (posting, editing, deleting, liking, signing in, loading
 * more) is `actionErrorMessage`, in the interaction chunk.
 */
export function errorMessage(t: Translator, error: unknown): string {
  switch (isNatterError(error) && error.code) {
    case 'network': return t.t('Could not reach the comments server. Check your connection and try again.');
    // A stored session token the server no longer knows.
    case 'unauthorized': return t.t('Your session has expired. Please log in again.');
  }
  // 503 with Retry-After: the server is up, only busy.
  return isNatterError(error) && error.retryAfter
    ? t.t('The comments server is busy. Please try again in a moment.')
    : t.t('Something went wrong. Please try again.');
}

/**
 * The message for `error`, met by something the reader did: the interaction
 * parts know every code (the actions that meet most of them need the parts
 * anyway); when they cannot load, {@link errorMessage} says what it can.
 */
export function actionError({ t, interact }: Pick<WidgetContext, 't' | 'interact'>, error: unknown): Promise<string> {
  return interact().then((parts) => parts.errorMessage(t, error), () => errorMessage(t, error));
}

import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n/translator';
import { NatterError } from '../../src/model/errors';
import { ERROR_CODES } from '../../src/protocol/error-codes';
import { errorMessage } from '../../src/ui/error-message';
import { formErrorMessage } from '../../src/ui/form-error-message';

const en = createTranslator('en');

describe('formErrorMessage', () => {
  it('gives every error code its own message', () => {
    const messages = ERROR_CODES.map((code) => formErrorMessage(en, new NatterError(code, 'raw backend text')));
    expect(new Set(messages).size).toBe(ERROR_CODES.length);
    for (const message of messages) expect(message).not.toContain('raw backend text');
  });

  it('says the same as errorMessage for what reading, liking and deleting meet', () => {
    for (const code of ['network', 'timeout', 'rate_limited', 'forbidden', 'not_found', 'closed', 'server'] as const) {
      expect(formErrorMessage(en, new NatterError(code, 'x'))).toBe(errorMessage(en, new NatterError(code, 'x')));
    }
  });
});

describe('errorMessage', () => {
  it('shows a generic message for errors that are not NatterErrors', () => {
    expect(errorMessage(en, new TypeError('x is undefined'))).toBe('Something went wrong. Please try again.');
  });

  it('tells the reader a server that answered 503 with Retry-After is busy', () => {
    const busy = new NatterError('server', 'postComment: Busy (POST /api/comments → 503)', { retryAfter: 30 });
    expect(errorMessage(en, busy)).toBe('The comments server is busy. Please try again in a moment.');
    expect(formErrorMessage(en, busy)).toBe('The comments server is busy. Please try again in a moment.');
    expect(errorMessage(en, new NatterError('server', 'x'))).toBe('Something went wrong. Please try again.');
  });

  it('translates the message with the given translator', () => {
    const fr = createTranslator('fr', { 'Comments are closed.': 'Les commentaires sont fermés.' });
    expect(errorMessage(fr, new NatterError('closed', 'closed'))).toBe('Les commentaires sont fermés.');
  });
});

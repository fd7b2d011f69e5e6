import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n/translator';
import { NatterError } from '../../src/model/errors';
import { ERROR_CODES } from '../../src/protocol/error-codes';
import { errorMessage } from '../../src/ui/error-message';

const en = createTranslator('en');

describe('errorMessage', () => {
  it('gives every error code its own message', () => {
    const messages = ERROR_CODES.map((code) => errorMessage(en, new NatterError(code, 'raw backend text')));
    expect(new Set(messages).size).toBe(ERROR_CODES.length);
    for (const message of messages) expect(message).not.toContain('raw backend text');
  });

  it('shows a generic message for errors that are not NatterErrors', () => {
    expect(errorMessage(en, new TypeError('x is undefined'))).toBe('Something went wrong. Please try again.');
  });

  it('translates the message with the given translator', () => {
    const fr = createTranslator('fr', { 'Comments are closed.': 'Les commentaires sont fermés.' });
    expect(errorMessage(fr, new NatterError('closed', 'closed'))).toBe('Les commentaires sont fermés.');
  });
});

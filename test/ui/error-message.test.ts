import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n/translator';
import { NatterError } from '../../src/model/errors';
import { ERROR_CODES } from '../../src/protocol/error-codes';
import { actionErrorMessage } from '../../src/ui/action-error-message';
import { actionError, errorMessage } from '../../src/ui/error-message';

const en = createTranslator('en');

describe('actionErrorMessage', () => {
  it('gives every error code its own message', () => {
    const messages = ERROR_CODES.map((code) => actionErrorMessage(en, new NatterError(code, 'raw backend text')));
    expect(new Set(messages).size).toBe(ERROR_CODES.length);
    for (const message of messages) expect(message).not.toContain('raw backend text');
  });

  it('says the same as errorMessage for what reading meets', () => {
    for (const code of ['network', 'unauthorized', 'server'] as const) {
      expect(actionErrorMessage(en, new NatterError(code, 'x'))).toBe(errorMessage(en, new NatterError(code, 'x')));
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
    expect(actionErrorMessage(en, busy)).toBe('The comments server is busy. Please try again in a moment.');
    expect(errorMessage(en, new NatterError('server', 'x'))).toBe('Something went wrong. Please try again.');
  });

  it('translates the message with the given translator', () => {
    const fr = createTranslator('fr', { 'Could not reach the comments server. Check your connection and try again.': 'Serveur injoignable.' });
    expect(errorMessage(fr, new NatterError('network', 'x'))).toBe('Serveur injoignable.');
  });
});

describe('actionError', () => {
  it('names what went wrong with the interaction parts’ messages, or what first paint knows when they cannot load', async () => {
    const closed = new NatterError('closed', 'x');
    const parts = { CommentForm: () => null, CommentEditor: () => null, DeleteQuestion: () => null, LiveUpdates: () => null, errorMessage: actionErrorMessage, css: '' };
    expect(await actionError({ t: en, interact: async () => parts }, closed)).toBe('Comments are closed.');
    const offline = async () => { throw new NatterError('network', 'natter.interaction.js did not load'); };
    expect(await actionError({ t: en, interact: offline }, closed)).toBe('Something went wrong. Please try again.');
  });
});

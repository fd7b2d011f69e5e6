import { describe, expect, it } from 'vitest';
import { wordPressError } from '../../../src/backend/wordpress/wordpress-error';

/** WordPress's error body for `code`, as its REST API sends it. */
const body = (code: string, status: number, extra: object = {}) => ({ code, message: 'Some <strong>HTML</strong> &#8217;', data: { status, ...extra } });

describe('wordPressError', () => {
  it.each([
    ['comment_duplicate', 409, 'duplicate', undefined],
    ['comment_flood', 400, 'rate_limited', undefined],
    ['rest_comment_login_required', 401, 'unauthorized', undefined],
    ['rest_comment_closed', 403, 'closed', undefined],
    ['rest_comment_draft_post', 403, 'closed', undefined],
    ['rest_comment_invalid_parent', 400, 'not_found', undefined],
    ['rest_comment_invalid_post_id', 403, 'not_found', undefined],
    ['rest_comment_author_data_required', 400, 'invalid', 'name'],
    ['rest_comment_content_invalid', 400, 'invalid', 'body'],
    ['comment_content_column_length', 400, 'too_long', 'body'],
    ['comment_author_column_length', 400, 'too_long', 'name'],
    ['natter_origin_not_allowed', 403, 'forbidden', undefined],
  ])('maps %s (%i) to %s', (code, status, natterCode, field) => {
    const error = wordPressError('postComment', status, body(code, status));
    expect(error.code).toBe(natterCode);
    expect(error.field).toBe(field);
    expect(error.message).toBe(`postComment: WordPress answered ${status} ${code}`);
  });

  it('names the field of an invalid parameter', () => {
    const error = wordPressError('postComment', 400, body('rest_invalid_param', 400, { params: { author_email: 'Invalid email address.' } }));
    expect([error.code, error.field]).toEqual(['invalid', 'email']);
  });

  it('falls back on the status for codes it does not know, and never shows WordPress’s HTML message', () => {
    expect(wordPressError('listComments', 503, '<html>busy</html>').code).toBe('server');
    expect(wordPressError('listComments', 429, null).code).toBe('rate_limited');
    expect(wordPressError('getLikes', 404, body('rest_no_route', 404)).code).toBe('not_found');
    expect(wordPressError('postComment', 400, body('something_new', 400)).message).not.toContain('HTML');
  });
});

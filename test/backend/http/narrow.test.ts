import { describe, expect, it } from 'vitest';
import { toComment, toCommentPage, toErrorBody, toExchange, toSiteConfig } from '../../../src/backend/http/narrow';

const wire = (extra: Record<string, unknown> = {}) => ({
  id: '1', pageId: '/p', parentId: null, author: { name: 'Ada', url: null, email: 'ada@example.org' },
  bodyHtml: '<p>Hi</p>', createdAt: '2026-01-01T00:00:00Z', status: 'approved', ...extra,
});

describe('narrowing the natter server answers', () => {
  it('keeps the known fields of a comment, leaves null optional ones out and drops unknown ones', () => {
    expect(toComment(wire({ mine: true, editedAt: null, secret: 'x' }))).toEqual({
      id: '1', pageId: '/p', parentId: null, author: { name: 'Ada' }, bodyHtml: '<p>Hi</p>',
      createdAt: '2026-01-01T00:00:00Z', status: 'approved', mine: true,
    });
  });

  it('names the first field that is wrong', () => {
    expect(() => toComment(wire({ status: 'spam' }))).toThrow('unexpected status');
    expect(() => toComment(wire({ author: { name: 7 } }))).toThrow('unexpected name');
    expect(() => toComment(wire({ author: ['Ada'] }))).toThrow('unexpected author');
    expect(() => toCommentPage({ comments: [wire()], nextCursor: null, total: -1 })).toThrow('unexpected total');
    expect(() => toSiteConfig({ providers: ['myspace'] })).toThrow('unexpected providers');
    expect(() => toExchange({ token: 't', session: null })).toThrow('unexpected session');
  });

  it('puts replies after their thread in a page', () => {
    const page = toCommentPage({
      comments: [wire({ id: 'a' }), wire({ id: 'b' }), wire({ id: 'a1', parentId: 'a' }), wire({ id: 'b1', parentId: 'b' }), wire({ id: 'a2', parentId: 'a1' })],
      nextCursor: 'next', total: 5,
    });
    expect(page.comments.map((c) => c.id)).toEqual(['a', 'a1', 'a2', 'b', 'b1']);
    expect(page).toMatchObject({ nextCursor: 'next', total: 5 });
  });

  it('reads an API error body, and nothing else, as one', () => {
    expect(toErrorBody({ error: { code: 'too_long', message: 'Too long', field: 'body' } }))
      .toEqual({ code: 'too_long', message: 'Too long', field: 'body' });
    expect(toErrorBody({ error: { code: 'teapot', message: 'No' } })).toBeNull();
    expect(toErrorBody('<html>')).toBeNull();
  });
});

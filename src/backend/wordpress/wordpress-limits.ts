import type { SiteConfig } from '../../model/types';
import { NatterError } from '../../model/errors';
import type { NewComment } from '../backend';

/**
 * WordPress's own limits: its comment columns (`comment_content` 65525 bytes,
 * `comment_author` 245, `comment_author_url` 200) and `per_page` ≤ 100. It has
 * no edit window for guests; the limit is there for the contract's sake.
 */
export const WORDPRESS_LIMITS: SiteConfig['limits'] = {
  bodyMaxLength: 65_525, nameMaxLength: 245, urlMaxLength: 200, editWindowSeconds: 1, pageSizeMax: 100,
};

/** What {@link checkNewComment} sends to WordPress for a valid comment. */
export interface CheckedComment {
  content: string;
  author_name: string;
  author_email: string;
  author_url: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks a guest comment before it is sent: WordPress 6.1 turns a bad website
 * into `http://…` instead of refusing it and counts bytes where readers count
 * characters, so the widget says what is wrong first. Throws `invalid`/`too_long` with the field.
 */
export function checkNewComment(input: NewComment, requireNameEmail: boolean): CheckedComment {
  const bad = (code: 'invalid' | 'too_long', field: string) => new NatterError(code, `postComment: ${field} is ${code === 'invalid' ? 'not valid' : 'too long'}`, { field });
  const content = input.body.trim();
  if (!content) throw bad('invalid', 'body');
  if (new TextEncoder().encode(content).length > WORDPRESS_LIMITS.bodyMaxLength) throw bad('too_long', 'body');
  const guest = input.guest;
  if (!guest) throw new NatterError('unauthorized', 'postComment: WordPress comments from natter are posted as a guest');
  const name = guest.name.trim();
  const email = guest.email.trim();
  if (requireNameEmail && !name) throw bad('invalid', 'name');
  if ([...name].length > WORDPRESS_LIMITS.nameMaxLength) throw bad('too_long', 'name');
  if ((requireNameEmail || email) && !EMAIL.test(email)) throw bad('invalid', 'email');
  let url = '';
  if (guest.url?.trim()) {
    try {
      const parsed = new URL(guest.url.trim());
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TypeError('not http(s)');
      url = parsed.href;
    } catch {
      throw bad('invalid', 'url');
    }
    if (url.length > WORDPRESS_LIMITS.urlMaxLength) throw bad('too_long', 'url');
  }
  return { content, author_name: name, author_email: email, author_url: url };
}

import { headerValue, MailError, type MailMessage } from './mailer';

/**
 * Notification emails, built as pure data. Every name, title and body is
 * escaped in the HTML part, every header value is one line, links appear only
 * when they are absolute http(s) URLs, and the only secret in a message is its
 * unsubscribe link (RFC 8058 one-click headers included).
 */

/** What a reply notification says. All strings are plain text as stored. */
export interface ReplyNotice {
  /** The subscriber's address. */
  to: string;
  siteName: string;
  pageTitle: string;
  /** The article's URL; left out when it is not an absolute http(s) URL. */
  pageUrl?: string | null;
  /** The new comment's author, as shown publicly. */
  commentAuthor: string;
  /** The new comment's text (its Markdown source), shown as text. */
  commentText: string;
  /** Link to the comment (`…#comment-<id>`); left out when not an absolute http(s) URL. */
  commentUrl?: string | null;
  /** One-click unsubscribe link for this subscription. */
  unsubscribeUrl: string;
}

/** What a new-post notification says. All strings are plain text. */
export interface NewPostNotice {
  to: string;
  siteName: string;
  postTitle: string;
  postUrl?: string | null;
  /** A few lines of the post, as text. */
  excerpt?: string | null;
  unsubscribeUrl: string;
}

/** Longest quoted comment or excerpt; the email links to the rest. */
export const QUOTE_MAX_LENGTH = 2000;
/** Longest subject line. */
export const SUBJECT_MAX_LENGTH = 200;

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The URL as an email client will see it, when it is absolute http(s); otherwise `null`. */
export function httpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Cuts text to `max` characters (never inside a surrogate pair) with an ellipsis. */
function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

function unsubscribeHeaders(unsubscribeUrl: string): { url: string; headers: Record<string, string> } {
  const url = httpUrl(unsubscribeUrl);
  if (url === null) throw new MailError('build notification: the unsubscribe link is not an absolute http(s) URL');
  return {
    url,
    headers: {
      'List-Unsubscribe': `<${url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
    },
  };
}

/** Text as HTML paragraphs, line breaks kept. */
function htmlParagraphs(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p style="margin:0 0 1em">${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

function htmlLink(url: string, label: string): string {
  return `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;
}

function htmlDocument(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.5;color:#1a1a1a">',
    body,
    '</body></html>',
  ].join('\n');
}

/**
 * The email telling a subscriber about a new comment on a page they follow
 * ("Notify me of follow-up comments via email.").
 */
export function replyNotification(notice: ReplyNotice): MailMessage {
  const { url: unsubscribe, headers } = unsubscribeHeaders(notice.unsubscribeUrl);
  const site = headerValue(notice.siteName);
  const title = headerValue(notice.pageTitle);
  const author = headerValue(notice.commentAuthor);
  const quote = clip(notice.commentText.trim(), QUOTE_MAX_LENGTH);
  const commentUrl = httpUrl(notice.commentUrl) ?? httpUrl(notice.pageUrl);
  const subject = clip(`[${site}] New comment on “${title}”`, SUBJECT_MAX_LENGTH);

  const text = [
    `${author} commented on “${title}”:`,
    '',
    quote,
    '',
    ...(commentUrl === null ? [] : [`Read it and reply: ${commentUrl}`, '']),
    '--',
    `You are getting this email because you asked ${site} to notify you of follow-up comments on this post.`,
    `Stop these emails: ${unsubscribe}`,
  ].join('\n');

  const html = htmlDocument(subject, [
    `<p style="margin:0 0 1em"><strong>${escapeHtml(author)}</strong> commented on “${escapeHtml(title)}”:</p>`,
    `<blockquote style="margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc">\n${htmlParagraphs(quote)}\n</blockquote>`,
    commentUrl === null ? '' : `<p style="margin:0 0 1em">${htmlLink(commentUrl, 'Read it and reply')}</p>`,
    '<hr>',
    `<p style="font-size:small;color:#555">You are getting this email because you asked ${escapeHtml(site)} to notify you of follow-up comments on this post. ${htmlLink(unsubscribe, 'Stop these emails')}.</p>`,
  ].filter((line) => line !== '').join('\n'));

  return { to: notice.to, subject, text, html, headers };
}

/** The email telling a subscriber about a new post ("Notify me of new posts via email."). */
export function newPostNotification(notice: NewPostNotice): MailMessage {
  const { url: unsubscribe, headers } = unsubscribeHeaders(notice.unsubscribeUrl);
  const site = headerValue(notice.siteName);
  const title = headerValue(notice.postTitle);
  const postUrl = httpUrl(notice.postUrl);
  const excerpt = clip((notice.excerpt ?? '').trim(), QUOTE_MAX_LENGTH);
  const subject = clip(`[${site}] New post: ${title}`, SUBJECT_MAX_LENGTH);

  const text = [
    `${site} published “${title}”.`,
    '',
    ...(excerpt === '' ? [] : [excerpt, '']),
    ...(postUrl === null ? [] : [`Read it: ${postUrl}`, '']),
    '--',
    `You are getting this email because you asked ${site} to notify you of new posts.`,
    `Stop these emails: ${unsubscribe}`,
  ].join('\n');

  const html = htmlDocument(subject, [
    `<p style="margin:0 0 1em">${escapeHtml(site)} published <strong>“${escapeHtml(title)}”</strong>.</p>`,
    excerpt === '' ? '' : htmlParagraphs(excerpt),
    postUrl === null ? '' : `<p style="margin:0 0 1em">${htmlLink(postUrl, 'Read it')}</p>`,
    '<hr>',
    `<p style="font-size:small;color:#555">You are getting this email because you asked ${escapeHtml(site)} to notify you of new posts. ${htmlLink(unsubscribe, 'Stop these emails')}.</p>`,
  ].filter((line) => line !== '').join('\n'));

  return { to: notice.to, subject, text, html, headers };
}

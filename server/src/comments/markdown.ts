import MarkdownItParser from 'markdown-it';
import type { Env, MarkdownIt, Token } from 'markdown-it';

/**
 * Markdown → the HTML subset the widget's allowlist keeps, and nothing else.
 *
 * Why markdown-it rather than micromark: both are CommonMark parsers that never
 * pass raw HTML through, but micromark 4.0.3 is super-linear on inputs a
 * commenter can send within the 10,000-character limit (measured here:
 * `'- '.repeat(5000)` takes over 30 s, `'*a'.repeat(5000)` over 2 s, blocking
 * the event loop — docs/security.md S6). markdown-it stays in the milliseconds on
 * the same inputs (`scripts/bench-markdown.js` prints both sides) and bounds
 * container nesting.
 *
 * Decisions, so the output never holds what the widget would drop anyway:
 * - raw HTML, inline or in blocks, is shown as text (`html: false`);
 * - headings become `<p><strong>…</strong></p>` (a comment has no outline);
 * - images become a link to the image (its alt text as the link text), or just
 *   the alt text inside a link: a reader's browser never loads a third-party
 *   image from a comment;
 * - links keep only `href`, and only when it parses as an absolute
 *   http(s)/mailto URL; any other link (relative, `javascript:`, `data:`…)
 *   is unwrapped to its text;
 * - thematic breaks are dropped; `ol` loses `start`, `code` its language class;
 *   link titles are dropped;
 * - containers nested deeper than {@link MAX_NESTING} levels would be cut off by
 *   the parser, so such a body is shown as plain text instead, whole.
 */

/** Deepest block nesting rendered as Markdown; deeper bodies render as plain text. */
export const MAX_NESTING = 20;

const LINK_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/** Key set in the parse `env` when the parser reached {@link MAX_NESTING} with content left. */
const TOO_DEEP = 'natterTooDeep';

function createParser(): MarkdownIt {
  const md = new MarkdownItParser('commonmark', {
    html: false,
    linkify: false,
    typographer: false,
    maxNesting: MAX_NESTING,
  });
  // markdown-it silently drops whatever lies beyond maxNesting; notice it, so
  // the body is shown whole as text rather than partly lost.
  const tokenize = md.block.tokenize.bind(md.block);
  md.block.tokenize = (state, startLine, endLine) => {
    if (state.level >= MAX_NESTING && startLine < endLine) state.env[TOO_DEEP] = true;
    tokenize(state, startLine, endLine);
  };
  return md;
}

// Configured once and never changed: parsing keeps its state in `env`, per call.
const parser = createParser();

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The URL as the browser will see it, or `null` unless absolute http(s)/mailto. */
function safeHref(href: string | number | null): string | null {
  if (typeof href !== 'string' || href === '') return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  return LINK_PROTOCOLS.has(url.protocol) ? url.href : null;
}

/** Plain text of inline tokens (an image's alt text). */
function inlineText(tokens: Token[] | null): string {
  let text = '';
  for (const token of tokens ?? []) {
    if (token.type === 'text' || token.type === 'code_inline') text += token.content;
    else if (token.type === 'image') text += inlineText(token.children);
    else if (token.type === 'softbreak' || token.type === 'hardbreak') text += ' ';
  }
  return text;
}

interface InlineState {
  /** Per open link: whether its `<a>` was written (false when unwrapped). */
  links: boolean[];
}

function renderInline(tokens: Token[], state: InlineState): string {
  let out = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'html_inline':
        out += escapeHtml(token.content);
        break;
      case 'softbreak':
        out += '\n';
        break;
      case 'hardbreak':
        out += '<br>\n';
        break;
      case 'code_inline':
        out += `<code>${escapeHtml(token.content)}</code>`;
        break;
      case 'em_open':
        out += '<em>';
        break;
      case 'em_close':
        out += '</em>';
        break;
      case 'strong_open':
        out += '<strong>';
        break;
      case 'strong_close':
        out += '</strong>';
        break;
      case 'link_open': {
        const href = state.links.includes(true) ? null : safeHref(token.attrGet('href'));
        state.links.push(href !== null);
        if (href !== null) out += `<a href="${escapeHtml(href)}">`;
        break;
      }
      case 'link_close':
        if (state.links.pop() === true) out += '</a>';
        break;
      case 'image': {
        const alt = inlineText(token.children);
        const src = state.links.includes(true) ? null : safeHref(token.attrGet('src'));
        out += src === null ? escapeHtml(alt) : `<a href="${escapeHtml(src)}">${escapeHtml(alt || src)}</a>`;
        break;
      }
      default:
        // Token types this renderer does not know carry no markup into the output.
        out += escapeHtml(token.content);
    }
  }
  return out;
}

function renderBlocks(tokens: Token[]): string {
  const inline: InlineState = { links: [] };
  let out = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'paragraph_open':
        if (!token.hidden) out += '<p>';
        break;
      case 'paragraph_close':
        if (!token.hidden) out += '</p>\n';
        break;
      case 'heading_open':
        out += '<p><strong>';
        break;
      case 'heading_close':
        out += '</strong></p>\n';
        break;
      case 'blockquote_open':
        out += '<blockquote>\n';
        break;
      case 'blockquote_close':
        out += '</blockquote>\n';
        break;
      case 'bullet_list_open':
        out += '<ul>\n';
        break;
      case 'bullet_list_close':
        out += '</ul>\n';
        break;
      case 'ordered_list_open':
        out += '<ol>\n';
        break;
      case 'ordered_list_close':
        out += '</ol>\n';
        break;
      case 'list_item_open':
        out += '<li>';
        break;
      case 'list_item_close':
        out += '</li>\n';
        break;
      case 'code_block':
      case 'fence':
        out += `<pre><code>${escapeHtml(token.content)}</code></pre>\n`;
        break;
      case 'html_block':
        out += `<p>${escapeHtml(token.content.replace(/\n+$/, ''))}</p>\n`;
        break;
      case 'inline':
        out += renderInline(token.children ?? [], inline);
        break;
      case 'hr':
        break;
      default:
        out += escapeHtml(token.content);
    }
  }
  return out;
}

/** The whole source as escaped text: paragraphs at blank lines, `<br>` at line ends. */
export function renderPlainText(source: string): string {
  return source
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map((block) => `<p>${block.split('\n').map(escapeHtml).join('<br>\n')}</p>`)
    .join('\n');
}

/**
 * Renders a comment's Markdown source to safe HTML: CommonMark with raw HTML
 * shown as text, only `p br strong em code pre blockquote ul ol li a[href]`
 * in the output, and links only to absolute http(s)/mailto URLs.
 *
 * Callers bound the source's length (the API rejects bodies over its limit);
 * any input renders in time linear in practice (see `scripts/bench-markdown.js`).
 *
 * @example renderMarkdown('**Hi** [there](https://example.com)')
 * // '<p><strong>Hi</strong> <a href="https://example.com/">there</a></p>'
 */
export function renderMarkdown(source: string): string {
  const env: Env = {};
  const tokens = parser.parse(source, env);
  if (env[TOO_DEEP] === true) return renderPlainText(source);
  // Blocks are separated by newlines, with none after the last (as micromark writes them).
  return renderBlocks(tokens).replace(/\n$/, '');
}

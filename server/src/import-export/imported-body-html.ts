import { parseFragment, type DefaultTreeAdapterTypes } from 'parse5';
import { escapeHtml } from '../comments/markdown';

type Node = DefaultTreeAdapterTypes.ChildNode;

/**
 * Why imported bodies keep their HTML: WordPress stores `comment_content` as
 * HTML (already limited by its kses filter to a, abbr, b, blockquote, cite,
 * code, del, em, i, q, s, strike, strong) and Disqus stores messages as HTML.
 * Rendering them as Markdown would show their tags as text and mangle what
 * readers saw; converting them to Markdown would lose markup on the way back
 * out. So the original stays the comment's `source` (exported unchanged, for a
 * faithful round trip) and its `bodyHtml` is rebuilt here on the server from an
 * allowlist — the same subset natter's own Markdown renderer produces. The
 * widget rebuilds every body from its own allowlist again when it renders.
 */

/** Elements kept, with what they become (`b` → `strong`, `i` → `em`). */
const KEPT: ReadonlyMap<string, string> = new Map([
  ['p', 'p'], ['br', 'br'], ['strong', 'strong'], ['b', 'strong'], ['em', 'em'], ['i', 'em'], ['code', 'code'],
  ['pre', 'pre'], ['blockquote', 'blockquote'], ['ul', 'ul'], ['ol', 'ol'], ['li', 'li'], ['a', 'a'],
]);

/** Elements dropped with everything inside them (their text is not prose a reader wrote). */
const DROPPED: ReadonlySet<string> = new Set([
  'script', 'style', 'template', 'iframe', 'frameset', 'object', 'applet', 'svg', 'math', 'noscript',
  'noembed', 'noframes', 'textarea', 'title', 'xmp', 'select', 'option', 'optgroup', 'datalist', 'button',
  'picture', 'audio', 'video', 'canvas', 'map', 'dialog', 'slot', 'head',
]);

/** Block elements: a body that has one is already laid out in paragraphs. */
const BLOCKS = /<(p|blockquote|ul|ol|pre|div)[\s>]/i;

/** Deeper markup than this is flattened to its text. */
const MAX_DEPTH = 20;

const LINK_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

function safeHref(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  try {
    const url = new URL(raw.trim());
    return LINK_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * WordPress's `wpautop`, in short: a blank line separates paragraphs, a single
 * line break is a `<br>`. Applied only to bodies without block markup of their own.
 */
function paragraphs(source: string): string {
  return source.replace(/\r\n?/g, '\n').trim().split(/\n\s*\n/)
    .map((p) => `<p>${p.trim().replace(/\n/g, '<br>\n')}</p>`).join('\n');
}

function rebuild(nodes: readonly Node[], depth: number, inLink: boolean): string {
  let out = '';
  for (const node of nodes) {
    if (node.nodeName === '#text' && 'value' in node) {
      out += escapeHtml(node.value);
      continue;
    }
    if (!('tagName' in node)) continue; // comments, doctypes
    const name = node.tagName;
    if (DROPPED.has(name) || node.namespaceURI !== 'http://www.w3.org/1999/xhtml') continue;
    const children = 'content' in node && name === 'template' ? [] : node.childNodes;
    const kept = KEPT.get(name);
    if (kept === undefined || depth >= MAX_DEPTH) {
      out += rebuild(children, depth + 1, inLink);
      continue;
    }
    if (kept === 'br') {
      out += '<br>';
      continue;
    }
    if (kept === 'a') {
      const href = inLink ? null : safeHref(node.attrs.find((a) => a.name === 'href')?.value);
      const inner = rebuild(children, depth + 1, inLink || href !== null);
      out += href === null ? inner : `<a href="${escapeHtml(href)}">${inner}</a>`;
      continue;
    }
    out += `<${kept}>${rebuild(children, depth + 1, inLink)}</${kept}>`;
  }
  return out;
}

/**
 * The `bodyHtml` of an imported HTML body: paragraphs as WordPress shows them,
 * then only allowlisted elements, links with an absolute http(s)/mailto `href`
 * and nothing else, every text escaped.
 * @example importedBodyHtml('Nice <b>post</b>!\n\nThanks.') // '<p>Nice <strong>post</strong>!</p>\n<p>Thanks.</p>'
 */
export function importedBodyHtml(source: string): string {
  const laidOut = BLOCKS.test(source) ? source : paragraphs(source);
  return rebuild(parseFragment(laidOut).childNodes, 0, false);
}

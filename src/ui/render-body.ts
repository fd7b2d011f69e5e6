import { h } from 'preact';
import type { ComponentChild, ComponentChildren } from 'preact';
import { natterPolicy } from '../model/trusted-types';
import { fitMarks } from './fit-marks';
import { httpUrl } from './http-url';

/** Elements a comment body may contain; everything else is unwrapped or dropped. */
export const BODY_ELEMENTS: ReadonlySet<string> = new Set('p br strong b em i code pre blockquote ul ol li a'.split(' '));

/** Link protocols a body's `href` may have, as the browser's URL parser reports them. */
export const LINK_PROTOCOLS: readonly string[] = ['http:', 'https:', 'mailto:'];

/** `rel` of every link in a body: user content, not endorsed, no opener, no referrer. */
export const LINK_REL = 'nofollow ugc noopener noreferrer';

/** Elements deeper than this (in the source markup) are flattened to their text. */
export const MAX_DEPTH = 20;

/** At most this many nodes are rebuilt from one body; the rest is cut off. */
export const MAX_NODES = 10_000;

/**
 * Elements dropped together with everything inside them: code, styles, embedded
 * documents, foreign (SVG/MathML) content, form controls and metadata. Their
 * text is not prose a reader wrote, so showing it would only confuse. Any other
 * unknown element (span, div, font, u, form, table…) is unwrapped: it goes, its
 * children are rebuilt by the same rules. Void elements (img, input, embed,
 * meta, link, base, area, source, track, param…) need no entry: they have no
 * children, so unwrapping one leaves nothing, and `<image>`, `<frame>` and
 * `<head>` never become elements of a body.
 */
const DROPPED: ReadonlySet<string> = new Set((
  'script style template iframe frameset object applet svg math noscript noembed noframes textarea title xmp '
  + 'plaintext listing select option optgroup datalist button picture audio video canvas map portal dialog slot '
  + 'search selectedcontent fencedframe'
).split(' '));

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/**
 * DOM accessors taken from the prototypes, not from the nodes: a hostile
 * `<form>` can shadow its own properties (`<form><input name=firstChild>`
 * makes `form.firstChild` the input — DOM clobbering), which could otherwise
 * skip content or loop the walk.
 */
interface Dom {
  firstChild(node: Node): Node | null;
  nextSibling(node: Node): Node | null;
  nodeType(node: Node): number;
  nodeValue(node: Node): string | null;
  localName(el: Element): string;
  namespaceURI(el: Element): string | null;
  getAttribute(el: Element, name: string): string | null;
}

function getter<T>(proto: object, key: string): (node: never) => T {
  const get = Object.getOwnPropertyDescriptor(proto, key)?.get;
  if (!get) throw new TypeError(`renderBody: no DOM getter for ${key}`);
  return (node) => get.call(node) as T;
}

function domAccessors(): Dom {
  const getAttribute = Element.prototype.getAttribute;
  return {
    firstChild: getter(Node.prototype, 'firstChild'),
    nextSibling: getter(Node.prototype, 'nextSibling'),
    nodeType: getter(Node.prototype, 'nodeType'),
    nodeValue: getter(Node.prototype, 'nodeValue'),
    localName: getter(Element.prototype, 'localName'),
    namespaceURI: getter(Element.prototype, 'namespaceURI'),
    getAttribute: (el, name) => getAttribute.call(el, name),
  };
}

interface Walk {
  dom: Dom;
  /** The inert document the body was parsed into, for tree walkers. */
  doc: Document;
  /** Nodes left to rebuild before the body is cut off. */
  budget: number;
}

/**
 * Rebuilds an untrusted comment body as preact vnodes.
 *
 * The HTML is parsed inertly, as the content of a `<template>` (no script
 * runs, nothing loads: a template's content belongs to a document with no
 * browsing context, and it is never inserted), and only {@link BODY_ELEMENTS}
 * are rebuilt, with no attributes except a link's
 * `href`. A link keeps its `href` only when the browser's own URL parser reads
 * it as an absolute http:, https: or mailto: URL; relative links are dropped
 * because a body has no trustworthy base (the host page's origin is not the
 * comment author's). Links get `rel="nofollow ugc noopener noreferrer"` and no
 * `target`: opening a new window is the reader's choice, not the commenter's.
 * Markup nested deeper than {@link MAX_DEPTH} is flattened to text, and at most
 * {@link MAX_NODES} nodes are rebuilt, so a hostile body cannot exhaust the stack.
 *
 * One template serves every body, each parse replacing the last: a `DOMParser`
 * makes a whole new document per body, which was the largest cost of drawing a
 * comment (about two thirds of a body's time in Chromium).
 *
 * @example
 * html`<div class="body" dir="auto">${renderBody(comment.bodyHtml)}</div>`
 */
export function renderBody(html: string): ComponentChildren {
  if (typeof html !== 'string' || html === '') return [];
  const box = (template ??= document.createElement('template'));
  try {
    box.innerHTML = natterPolicy().createHTML(html);
  } catch {
    // A parser that gives up (jsdom's recursion on absurd nesting) must not
    // take the thread down with it: such a body shows as nothing.
    return [];
  }
  const { content } = box;
  const walk: Walk = { dom: (dom ??= domAccessors()), doc: content.ownerDocument, budget: MAX_NODES };
  return rebuildChildren(content, 0, false, walk);
}

/** The template bodies are parsed in, made once. */
let template: HTMLTemplateElement | undefined;

/** The DOM accessors, taken once. */
let dom: Dom | undefined;

function rebuildChildren(parent: Node, depth: number, inLink: boolean, walk: Walk): ComponentChild[] {
  const { dom } = walk;
  const out: ComponentChild[] = [];
  for (let node = dom.firstChild(parent); node !== null && walk.budget > 0; node = dom.nextSibling(node)) {
    const type = dom.nodeType(node);
    if (type === TEXT_NODE) {
      walk.budget--;
      out.push(fitMarks(dom.nodeValue(node) ?? ''));
    } else if (type === ELEMENT_NODE) {
      rebuildElement(node as Element, depth + 1, inLink, walk, out);
    }
    // Comments, processing instructions and doctypes are dropped.
  }
  return out;
}

function rebuildElement(el: Element, depth: number, inLink: boolean, walk: Walk, out: ComponentChild[]): void {
  const { dom } = walk;
  // Only HTML elements: an SVG or MathML `<a>`/`<p>` is a different element.
  if (dom.namespaceURI(el) !== HTML_NS) return;
  const name = dom.localName(el);
  if (DROPPED.has(name)) return;
  if (depth > MAX_DEPTH) {
    const text = flatText(el, walk);
    if (text !== '') out.push(text);
    return;
  }
  if (!BODY_ELEMENTS.has(name)) {
    out.push(...rebuildChildren(el, depth, inLink, walk));
    return;
  }
  if (name === 'a') {
    const href = inLink ? null : safeHref(dom.getAttribute(el, 'href'));
    const children = rebuildChildren(el, depth, inLink || href !== null, walk);
    if (href === null) {
      out.push(...children);
    } else {
      walk.budget--;
      out.push(h('a', { href, rel: LINK_REL }, children));
    }
    return;
  }
  walk.budget--;
  if (name === 'br') {
    out.push(h('br', null));
    return;
  }
  out.push(h(name, null, rebuildChildren(el, depth, inLink, walk)));
}

/**
 * The text of a subtree beyond the depth limit. A tree walker keeps the
 * position (no recursion, however deep the markup) and rejects dropped and
 * foreign elements with everything inside them, like the rebuild does.
 */
function flatText(root: Element, walk: Walk): string {
  const { dom } = walk;
  const skip = (node: Node) => dom.nodeType(node) === ELEMENT_NODE
    && (dom.namespaceURI(node as Element) !== HTML_NS || DROPPED.has(dom.localName(node as Element)));
  // 5 = SHOW_ELEMENT | SHOW_TEXT; 2 = FILTER_REJECT, 1 = FILTER_ACCEPT.
  const walker = walk.doc.createTreeWalker(root, 5, (node) => (skip(node) ? 2 : 1));
  let text = '';
  while (walk.budget > 0 && walker.nextNode()) {
    const node = walker.currentNode;
    if (dom.nodeType(node) === TEXT_NODE) {
      text += fitMarks(dom.nodeValue(node) ?? '');
      walk.budget--;
    }
  }
  return text;
}

/** The normalised `href` if it parses as an absolute http:, https: or mailto: URL, else `null`. */
export function safeHref(href: string | null): string | null {
  return httpUrl(href, LINK_PROTOCOLS);
}

import { useEffect, useRef, useState } from 'preact/hooks';
import type { ThreadNode } from '../model/thread';
import { CommentItem } from './comment-item';
import { html } from './html';
import { memo } from './memo';
import { stringHash } from './string-hash';
import type { ThreadActions } from './thread-actions';

/** Props of {@link ThreadList}. */
export interface ThreadListProps {
  nodes: ThreadNode[];
  actions: ThreadActions;
}

/** Comments in the first slice: a screenful, rendered with the thread. */
export const FIRST_SLICE = 8;
/**
 * Comments in the second slice, small because the code is still cold then;
 * later slices grow or shrink to take about {@link SLICE_MS}.
 */
export const SLICE = 10;
/**
 * The time one slice should take, measured as it renders: well under a 50 ms
 * long task on a slow or busy device, where a comment takes 0.5-1 ms to draw
 * and a collection or another process can triple the next slice's time.
 */
const SLICE_MS = 10;
/** Most comments in one slice, however fast the last ones were. */
const SLICE_MAX = 100;

/** Comments in `node`'s tree. */
const weight = (node: ThreadNode): number => node.children.reduce((sum, child) => sum + weight(child), 1);

/** Where the slice of `nodes` starting at `from` ends: at least one node, else about `size` comments. */
function sliceEnd(nodes: ThreadNode[], from: number, size: number): number {
  let end = from;
  for (let used = 0; end < nodes.length && (used < size || end === from); end++) used += weight(nodes[end] as ThreadNode);
  return end;
}

/**
 * The part of `nodes` rendered so far: the first screenful at once, then one
 * slice per task (a `setTimeout`, so the browser paints and handles input in
 * between) — a thread of thousands of comments never blocks the page.
 * `all` renders everything at once (a permalink must find its comment).
 */
export function useSlices(nodes: ThreadNode[], all: boolean): ThreadNode[] {
  const [shown, setShown] = useState(0);
  const count = all ? nodes.length : Math.max(shown, sliceEnd(nodes, 0, FIRST_SLICE));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Each step renders its slice within its task (preact renders a state change in a microtask; the
    // microtask queued after it sees the slice rendered) and queues the next, sized by how long this one took.
    const step = (from: number, size: number) => {
      const start = performance.now();
      const end = sliceEnd(nodes, from, size);
      setShown(end);
      if (end < nodes.length) {
        queueMicrotask(() => {
          const took = performance.now() - start;
          const next = took > SLICE_MS ? Math.max(1, Math.floor(size / 2)) : took < SLICE_MS / 2 ? Math.min(size * 2, SLICE_MAX) : size;
          timer = setTimeout(step, 0, end, next);
        });
      }
    };
    if (count < nodes.length) timer = setTimeout(step, 0, count, SLICE);
    return () => clearTimeout(timer);
  }, [nodes, all]);
  return count >= nodes.length ? nodes : nodes.slice(0, count);
}

/** A list of comments with their nested replies and, under one of them, the reply form; long lists render in slices. */
export function ThreadList({ nodes, actions }: ThreadListProps) {
  const shown = useSlices(nodes, actions.highlighted !== null);
  // ARIA roles, not <ol>: a list's blocks are elements of their own, which <ol> may not contain.
  // Screen readers still hear one list of threads (the blocks are generic, left out of the tree).
  return html`<div class="thread" role="list">
    ${blocks(shown).map(([key, run]) => html`<${Block} key=${key} nodes=${run} actions=${actions} />`)}
  </div>`;
}

/** Most top-level comments in one block. */
const BLOCK_MAX = 96;

/**
 * `nodes` cut into runs, each keyed by the comment that starts it. A run
 * starts at a comment whose id hashes to 0 modulo 32 (or after
 * {@link BLOCK_MAX} comments), so boundaries go with the comments: a slice,
 * a page added at the end or a comment arriving in the middle changes one or
 * two blocks, and the others are not rendered again — a list of thousands
 * costs each slice what its new comments cost. In the page, each run is an
 * element that skips layout and paint while out of view (the CSS's
 * `content-visibility`): each frame then costs the browser what the blocks in
 * view cost, not one step per thread of the whole list.
 */
function blocks(nodes: ThreadNode[]): [string, ThreadNode[]][] {
  const out: [string, ThreadNode[]][] = [];
  let run: ThreadNode[] = [];
  out.push(['', run]);
  for (const node of nodes) {
    const id = node.comment.id;
    if (run.length >= BLOCK_MAX || (run.length > 0 && startsBlock(id))) out.push([id, (run = [])]);
    run.push(node);
  }
  return out;
}

/** True for about one id in 32, always the same ones. */
function startsBlock(id: string): boolean {
  return (stringHash(id) & 31) === 0;
}

/** Props of {@link ThreadBlock}. */
interface ThreadBlockProps {
  nodes: ThreadNode[];
  actions: ThreadActions;
}

/** A run of comments. */
function ThreadBlock({ nodes, actions }: ThreadBlockProps) {
  // --n sizes the block while it has never been laid out (its threads, 10em each, as the CSS says).
  return html`<div class="block" style=${{ '--n': nodes.length }}>
    ${nodes.map((node) => html`<${Item} key=${node.comment.id} node=${node} actions=${actions} />`)}
  </div>`;
}

/** {@link ThreadBlock}, rendered again only when its comments or the actions change. */
const Block = memo(ThreadBlock, (a, b) => a.actions === b.actions && a.nodes.length === b.nodes.length
  && a.nodes.every((node, i) => node === b.nodes[i]));

/** Props of {@link ThreadItem}. */
export interface ThreadItemProps {
  node: ThreadNode;
  actions: ThreadActions;
}

/** True when nothing in `node`'s document or shadow root has focus (the focused element was removed). */
function focusLost(node: Node): boolean {
  // A connected node's root is its document or shadow root; a detached one has no activeElement.
  const active = (node.getRootNode() as Partial<DocumentOrShadowRoot>).activeElement;
  return !active || active === node.ownerDocument?.body;
}

/** One comment, its reply form when open, and its children. */
export function ThreadItem({ node, actions }: ThreadItemProps) {
  const { comment, children } = node;
  const replying = actions.replyingTo === comment.id;
  const item = useRef<HTMLDivElement>(null);
  const wasReplying = useRef(false);
  useEffect(() => {
    // Back to "Reply" when the form closes and focus went with it. (An opening
    // form focuses its own textarea; after a post the thread focuses the new comment.)
    const li = item.current;
    if (!replying && wasReplying.current && li && focusLost(li)) li.querySelector<HTMLElement>('.reply')?.focus();
    wasReplying.current = replying;
  }, [replying]);
  return html`<div ref=${item} class="item" role="listitem">
    <${CommentItem} node=${node} actions=${actions} />
    ${replying && actions.replyForm(comment)}
    ${children.length > 0 && html`<${ThreadList} nodes=${children} actions=${actions} />`}
  </div>`;
}

/** {@link ThreadItem}, re-rendered only when its node or the actions change. */
const Item = memo(ThreadItem);

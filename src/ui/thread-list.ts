import { useEffect, useRef } from 'preact/hooks';
import type { ThreadNode } from '../model/thread';
import { CommentItem } from './comment-item';
import { html } from './html';
import type { ThreadActions } from './thread-actions';

/** Props of {@link ThreadList}. */
export interface ThreadListProps {
  nodes: ThreadNode[];
  actions: ThreadActions;
}

/** A list of comments with their nested replies and, under one of them, the reply form. */
export function ThreadList({ nodes, actions }: ThreadListProps) {
  return html`<ol class="thread">
    ${nodes.map((node) => html`<${ThreadItem} key=${node.comment.id} node=${node} actions=${actions} />`)}
  </ol>`;
}

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
  const item = useRef<HTMLLIElement>(null);
  const wasReplying = useRef(false);
  useEffect(() => {
    // Back to "Reply" when the form closes and focus went with it. (An opening
    // form focuses its own textarea; after a post the thread focuses the new comment.)
    const li = item.current;
    if (!replying && wasReplying.current && li && focusLost(li)) li.querySelector<HTMLElement>('.reply')?.focus();
    wasReplying.current = replying;
  }, [replying]);
  return html`<li ref=${item} class="item">
    <${CommentItem} node=${node} actions=${actions} />
    ${replying && actions.replyForm(comment)}
    ${children.length > 0 && html`<${ThreadList} nodes=${children} actions=${actions} />`}
  </li>`;
}

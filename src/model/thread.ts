import type { Comment, SortOrder } from './types';

/** One comment placed in the displayed tree. */
export interface ThreadNode {
  comment: Comment;
  /** Displayed nesting level, 1 for top level, never above `maxDepth`. */
  depth: number;
  /**
   * The comment this one answers when nesting no longer shows it (the reply
   * was flattened at `maxDepth`); the UI says "in reply to NAME".
   */
  inReplyTo: Comment | null;
  /** Replies shown nested one level deeper, oldest first. */
  children: ThreadNode[];
}

/** How to lay out a thread. */
export interface ThreadOptions {
  /** Order of top-level comments; replies are always oldest first. */
  sort: SortOrder;
  /** Deepest nesting level; replies below it are flattened at this level. */
  maxDepth: number;
}

const time = (c: Comment) => Date.parse(c.createdAt) || 0;
const oldestFirst = (a: Comment, b: Comment) => time(a) - time(b);

/** Every node of `nodes`, at any depth, by comment id. */
function nodesById(nodes: readonly ThreadNode[], into = new Map<string, ThreadNode>()): Map<string, ThreadNode> {
  for (const n of nodes) {
    into.set(n.comment.id, n);
    nodesById(n.children, into);
  }
  return into;
}

/**
 * Builds the displayed tree from a flat list. Replies to a comment at
 * `maxDepth` (and their replies, at any depth) follow it at the same level,
 * oldest first, each with `inReplyTo` naming the comment it answers. A reply
 * whose parent is not in the list is shown at the top level. A node of
 * `previous` that would be built again identically (same comment, depth,
 * `inReplyTo` and children) is reused, so what did not change keeps its identity.
 */
export function buildThread(comments: readonly Comment[], options: ThreadOptions, previous: readonly ThreadNode[] = []): ThreadNode[] {
  const maxDepth = Math.max(1, Math.floor(options.maxDepth));
  const before = nodesById(previous);
  const made = (comment: Comment, depth: number, inReplyTo: Comment | null, children: ThreadNode[]): ThreadNode => {
    const old = before.get(comment.id);
    return old && old.comment === comment && old.depth === depth && old.inReplyTo === inReplyTo
      && old.children.length === children.length && old.children.every((child, i) => child === children[i])
      ? old
      : { comment, depth, inReplyTo, children };
  };
  const byId = new Map(comments.map((c) => [c.id, c]));
  const replies = new Map<string, Comment[]>();
  const roots: Comment[] = [];
  for (const c of comments) {
    if (c.parentId !== null && c.parentId !== c.id && byId.has(c.parentId)) {
      const list = replies.get(c.parentId) ?? [];
      list.push(c);
      replies.set(c.parentId, list);
    } else roots.push(c);
  }
  const childrenOf = (id: string) => (replies.get(id) ?? []).sort(oldestFirst);
  // Everything below `c`, for flattening; `seen` guards against parent cycles.
  const descendants = (c: Comment, seen: Set<string>): Comment[] =>
    childrenOf(c.id).flatMap((r) => (seen.has(r.id) ? [] : (seen.add(r.id), [r, ...descendants(r, seen)])));
  const node = (c: Comment, depth: number, seen: Set<string>): ThreadNode[] => {
    seen.add(c.id);
    if (depth < maxDepth) {
      const children = childrenOf(c.id).filter((r) => !seen.has(r.id)).flatMap((r) => node(r, depth + 1, seen));
      return [made(c, depth, null, children)];
    }
    const flat = descendants(c, seen).sort(oldestFirst);
    return [made(c, depth, null, []), ...flat.map((r) => made(r, depth, (r.parentId && byId.get(r.parentId)) || null, []))];
  };
  roots.sort(options.sort === 'newest' ? (a, b) => oldestFirst(b, a) : oldestFirst);
  const seen = new Set<string>();
  return roots.flatMap((c) => node(c, 1, seen));
}

/** A list of comments after a change, and how the number of approved ones moved. */
export interface MergeResult {
  comments: Comment[];
  /** Change in the count of approved comments (for the heading). */
  approvedDelta: number;
}

const approved = (c: Comment | undefined) => (c?.status === 'approved' ? 1 : 0);

/** Adds new comments and replaces changed ones (matched by id), keeping order. */
export function mergeComments(existing: readonly Comment[], incoming: readonly Comment[]): MergeResult {
  const index = new Map(existing.map((c, i) => [c.id, i]));
  const comments = existing.slice();
  let approvedDelta = 0;
  for (const c of incoming) {
    const at = index.get(c.id);
    approvedDelta += approved(c) - approved(at === undefined ? undefined : comments[at]);
    if (at === undefined) {
      index.set(c.id, comments.length);
      comments.push(c);
    } else comments[at] = c;
  }
  return { comments, approvedDelta };
}

/** Removes one comment by id; its replies stay. */
export function removeComment(existing: readonly Comment[], id: string): MergeResult {
  const gone = existing.find((c) => c.id === id);
  return { comments: existing.filter((c) => c.id !== id), approvedDelta: 0 - approved(gone) };
}

/** Number of comments in the tree, at any depth. */
export function countNodes(nodes: readonly ThreadNode[]): number {
  return nodes.reduce((n, node) => n + 1 + countNodes(node.children), 0);
}

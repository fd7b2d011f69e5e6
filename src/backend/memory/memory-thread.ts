import type { SortOrder } from '../../model/types';
import { decodeCursor, encodeCursor } from './memory-cursor';
import type { StoredComment } from './memory-state';

/** Oldest first; insertion order breaks ties between equal timestamps. */
export const byTime = (a: StoredComment, b: StoredComment): number =>
  Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.seq - b.seq;

/** One page of threads: each top-level comment followed by all its replies, oldest first. */
export interface ThreadPage {
  comments: StoredComment[];
  nextCursor: string | null;
}

/**
 * Pages `visible` (one page's comments the caller may see) by top-level
 * comment. Replies whose ancestor is not visible are left out with it.
 */
export function threadPage(visible: StoredComment[], sort: SortOrder, limit: number, cursor: unknown): ThreadPage {
  const after = cursor == null ? null : decodeCursor(cursor, sort);
  const direction = sort === 'oldest' ? 1 : -1;
  let threads = visible.filter((c) => c.parentId === null).sort((a, b) => direction * byTime(a, b));
  if (after) {
    threads = threads.filter((c) => direction * (Date.parse(c.createdAt) - after.time || c.seq - after.seq) > 0);
  }
  const page = threads.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = threads.length > limit && last
    ? encodeCursor({ sort, time: Date.parse(last.createdAt), seq: last.seq })
    : null;

  const children = new Map<string, StoredComment[]>();
  for (const c of visible) {
    if (c.parentId !== null) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  }
  const comments: StoredComment[] = [];
  for (const top of page) comments.push(top, ...descendants(top.id, children).sort(byTime));
  return { comments, nextCursor };
}

function descendants(id: string, children: Map<string, StoredComment[]>): StoredComment[] {
  const out: StoredComment[] = [];
  const queue = [id];
  for (let i = 0; i < queue.length; i++) {
    for (const child of children.get(queue[i] ?? '') ?? []) {
      out.push(child);
      queue.push(child.id);
    }
  }
  return out;
}

/** The ids of `id` and every reply below it. */
export function subtreeIds(comments: StoredComment[], id: string): Set<string> {
  const gone = new Set([id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const c of comments) {
      if (c.parentId !== null && gone.has(c.parentId) && !gone.has(c.id)) {
        gone.add(c.id);
        grew = true;
      }
    }
  }
  return gone;
}

import { describe, expect, it } from 'vitest';
import { buildThread, countNodes, mergeComments, removeComment, type ThreadNode } from '../../src/model/thread';
import type { Comment } from '../../src/model/types';

let clock = 0;
function comment(id: string, parentId: string | null = null, extra: Partial<Comment> = {}): Comment {
  clock += 1;
  return {
    id, pageId: 'p', parentId, author: { name: `Author ${id}` }, bodyHtml: `<p>${id}</p>`,
    createdAt: new Date(Date.UTC(2024, 0, 1, 0, clock)).toISOString(), status: 'approved', ...extra,
  };
}

/** `id@depth` for each node, depth-first, with `>parent` when flattened. */
function shape(nodes: ThreadNode[]): string[] {
  return nodes.flatMap((n) => [
    `${n.comment.id}@${n.depth}${n.inReplyTo ? `>${n.inReplyTo.id}` : ''}`,
    ...shape(n.children),
  ]);
}

describe('buildThread', () => {
  it('nests replies under their parents, oldest first', () => {
    const list = [comment('a'), comment('b'), comment('a1', 'a'), comment('a2', 'a'), comment('a1x', 'a1')];
    expect(shape(buildThread(list, { sort: 'oldest', maxDepth: 3 }))).toEqual(['a@1', 'a1@2', 'a1x@3', 'a2@2', 'b@1']);
  });

  it('puts the newest top-level comment first when sorted by newest, replies still oldest first', () => {
    const list = [comment('a'), comment('a1', 'a'), comment('a2', 'a'), comment('b')];
    expect(shape(buildThread(list, { sort: 'newest', maxDepth: 3 }))).toEqual(['b@1', 'a@1', 'a1@2', 'a2@2']);
  });

  it('flattens replies below the maximum depth and says whom they answer', () => {
    const list = [comment('a'), comment('b', 'a'), comment('c', 'b'), comment('d', 'c'), comment('e', 'b')];
    expect(shape(buildThread(list, { sort: 'oldest', maxDepth: 2 }))).toEqual(['a@1', 'b@2', 'c@2>b', 'd@2>c', 'e@2>b']);
  });

  it('shows every reply at the top level when the maximum depth is one', () => {
    const list = [comment('a'), comment('b', 'a'), comment('c')];
    expect(shape(buildThread(list, { sort: 'oldest', maxDepth: 1 }))).toEqual(['a@1', 'b@1>a', 'c@1']);
  });

  it('shows a reply whose parent is missing at the top level', () => {
    const list = [comment('a'), comment('orphan', 'gone')];
    expect(shape(buildThread(list, { sort: 'oldest', maxDepth: 3 }))).toEqual(['a@1', 'orphan@1']);
  });

  it('shows each comment once even when parents form a cycle', () => {
    const list = [comment('a'), comment('x', 'y'), comment('y', 'x')];
    const nodes = buildThread(list, { sort: 'oldest', maxDepth: 3 });
    expect(countNodes(nodes)).toBe(1);
    const flat = buildThread([comment('p'), comment('q', 'p'), comment('r', 'q')], { sort: 'oldest', maxDepth: 1 });
    expect(countNodes(flat)).toBe(3);
  });

  it('counts nodes at every depth', () => {
    const list = [comment('a'), comment('b', 'a'), comment('c', 'b'), comment('d')];
    expect(countNodes(buildThread(list, { sort: 'oldest', maxDepth: 3 }))).toBe(4);
  });
});

describe('mergeComments', () => {
  it('adds new comments and counts the approved ones', () => {
    const a = comment('a');
    const result = mergeComments([a], [comment('b'), comment('c', null, { status: 'pending' })]);
    expect(result.comments.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(result.approvedDelta).toBe(1);
  });

  it('replaces a changed comment in place without counting it twice', () => {
    const a = comment('a');
    const b = comment('b');
    const edited = { ...a, bodyHtml: '<p>edited</p>' };
    const result = mergeComments([a, b], [edited]);
    expect(result.comments).toEqual([edited, b]);
    expect(result.approvedDelta).toBe(0);
  });

  it('counts a held comment once it is approved', () => {
    const held = comment('a', null, { status: 'pending' });
    expect(mergeComments([held], [{ ...held, status: 'approved' }]).approvedDelta).toBe(1);
  });
});

describe('buildThread with the previous tree', () => {
  it('keeps the nodes of unchanged comments and makes new ones only along a change', () => {
    const a = comment('a'); const a1 = comment('a1', 'a'); const b = comment('b'); const b1 = comment('b1', 'b');
    const deep = [comment('c'), comment('c1', 'c'), comment('c2', 'c1')];
    const first = buildThread([a, a1, b, b1, ...deep], { sort: 'oldest', maxDepth: 2 });
    const more = comment('d');
    const edited = { ...b1, bodyHtml: '<p>edited</p>' };
    const second = buildThread([a, a1, b, edited, ...deep, more], { sort: 'oldest', maxDepth: 2 }, first);
    expect(shape(second)).toEqual(['a@1', 'a1@2', 'b@1', 'b1@2', 'c@1', 'c1@2', 'c2@2>c1', 'd@1']);
    // Untouched threads (a flattened one included) are the same objects; the edited reply's thread is new.
    expect(second[0]).toBe(first[0]);
    expect(second[2]).toBe(first[2]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]?.children[0]?.comment).toBe(edited);
    expect(second[3]?.comment).toBe(more);
  });
});

describe('removeComment', () => {
  it('removes the comment and lowers the approved count', () => {
    const result = removeComment([comment('a'), comment('b')], 'a');
    expect(result.comments.map((c) => c.id)).toEqual(['b']);
    expect(result.approvedDelta).toBe(-1);
  });

  it('changes nothing for an unknown id', () => {
    const list = [comment('a')];
    expect(removeComment(list, 'zz')).toEqual({ comments: list, approvedDelta: 0 });
  });
});

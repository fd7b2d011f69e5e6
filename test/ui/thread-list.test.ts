// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBackend, makeComment } from './fake-backend';
import { renderApp } from './render-app';

afterEach(cleanup);

/** How deep each comment article sits in nested lists. */
function depthOf(id: string): number {
  let depth = 0;
  for (let el = document.getElementById(`comment-${id}`)?.parentElement; el; el = el.parentElement) {
    if (el.tagName === 'OL') depth += 1;
  }
  return depth;
}

const chain = () => [
  makeComment('a', { author: { name: 'Ada' } }),
  makeComment('b', { parentId: 'a', author: { name: 'Bea' } }),
  makeComment('c', { parentId: 'b', author: { name: 'Cy' } }),
  makeComment('d', { parentId: 'c', author: { name: 'Dee' } }),
  makeComment('e', { parentId: 'd', author: { name: 'Eve' } }),
];

describe('ThreadList', () => {
  it('nests replies under their parent up to the maximum depth', async () => {
    renderApp(fakeBackend(chain()), { maxDepth: 3 });
    await screen.findByText('Body of e');
    expect(['a', 'b', 'c', 'd', 'e'].map(depthOf)).toEqual([1, 2, 3, 3, 3]);
  });

  it('keeps the context of deeper replies with an "in reply to" link to the parent', async () => {
    renderApp(fakeBackend(chain()), { maxDepth: 3 });
    const d = await screen.findByRole('article', { name: 'Comment by Dee' });
    const link = within(d).getByRole('link', { name: 'in reply to Cy' });
    expect(link.getAttribute('href')).toBe('#comment-c');
    const e = screen.getByRole('article', { name: 'Comment by Eve' });
    expect(within(e).getByRole('link', { name: 'in reply to Dee' }).getAttribute('href')).toBe('#comment-d');
    const c = screen.getByRole('article', { name: 'Comment by Cy' });
    expect(within(c).queryByRole('link', { name: /in reply to/ })).toBeNull();
  });

  it('honours a smaller maximum depth', async () => {
    renderApp(fakeBackend(chain()), { maxDepth: 1 });
    await screen.findByText('Body of e');
    expect(['a', 'b', 'c', 'd', 'e'].map(depthOf)).toEqual([1, 1, 1, 1, 1]);
    expect(screen.getByRole('link', { name: 'in reply to Ada' })).toBeTruthy();
  });

  it('offers Reply on every comment, and a reply to a comment at the deepest level opens under it', async () => {
    renderApp(fakeBackend(chain()), { maxDepth: 2 });
    await screen.findByText('Body of e');
    expect(screen.getAllByRole('button', { name: /^Reply to / })).toHaveLength(5);
    fireEvent.click(screen.getByRole('button', { name: 'Reply to Eve' }));
    const item = screen.getByRole('article', { name: 'Comment by Eve' }).closest('li');
    if (!item) throw new Error('no list item');
    expect(within(item).getByRole('heading', { name: /Leave a Reply to Eve/ })).toBeTruthy();
  });
});

// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { h, options } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n/translator';
import { App } from '../../src/ui/app';
import { CommentItem } from '../../src/ui/comment-item';
import type { Session } from '../../src/model/types';
import type { InteractionParts } from '../../src/ui/interaction';
import { fakeBackend, makeComment } from './fake-backend';
import { renderApp } from './render-app';

afterEach(cleanup);

/** How deep each comment article sits in nested lists. */
function depthOf(id: string): number {
  let depth = 0;
  for (let el = document.getElementById(`comment-${id}`)?.parentElement; el; el = el.parentElement) {
    if (el.getAttribute('role') === 'list') depth += 1;
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

  it('is one list of threads, each a list item holding its comment and the list of its replies', async () => {
    renderApp(fakeBackend([...chain(), makeComment('f', { author: { name: 'Fay' } })]), { maxDepth: 2 });
    await screen.findByText('Body of f');
    const lists = screen.getAllByRole('list');
    const top = lists.find((list) => !list.parentElement?.closest('[role="list"]'));
    if (!top) throw new Error('no top-level list');
    const threads = within(top).getAllByRole('listitem').filter((item) => item.parentElement?.closest('[role="list"]') === top);
    expect(threads.map((item) => within(item).getAllByRole('article')[0]?.getAttribute('aria-label'))).toEqual(['Comment by Ada', 'Comment by Fay']);
    const ada = threads[0];
    if (!ada) throw new Error('no thread');
    expect(within(ada).getAllByRole('list')).toHaveLength(1);
    expect(within(within(ada).getAllByRole('list')[0] as HTMLElement).getAllByRole('listitem')).toHaveLength(4);
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
    const item = screen.getByRole('article', { name: 'Comment by Eve' }).closest<HTMLElement>('[role="listitem"]');
    if (!item) throw new Error('no list item');
    expect(within(item).getByRole('heading', { name: /Leave a Reply to Eve/ })).toBeTruthy();
  });
});

describe('ThreadList in slices', () => {
  // Queried by selector: role queries over hundreds of articles are slow in jsdom.
  const articles = () => [...document.querySelectorAll('article')];

  it('paints the first screenful at once and the rest in later tasks, in order', async () => {
    const comments = Array.from({ length: 300 }, (_, i) => makeComment(`c${i}`, { author: { name: `Reader ${i}` } }));
    renderApp(fakeBackend(comments), { pageSize: 300 });
    await screen.findByRole('article', { name: 'Comment by Reader 0' });
    // The first slice is in the document before the rest: rendering yielded to the browser.
    const first = articles().length;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(300);
    await waitFor(() => expect(articles()).toHaveLength(300), { timeout: 45_000 });
    expect(articles().map((a) => a.getAttribute('aria-label'))).toEqual(comments.map((c) => `Comment by ${c.author.name}`));
  }, 60_000);

  it('counts replies in a slice, so one long thread does not make one long task', async () => {
    const comments = [makeComment('root'), ...Array.from({ length: 200 }, (_, i) => makeComment(`r${i}`, { parentId: 'root' }))];
    renderApp(fakeBackend(comments), { pageSize: 10 });
    await waitFor(() => expect(articles().length).toBeGreaterThan(0));
    expect(articles().length).toBeLessThan(201);
    await waitFor(() => expect(articles()).toHaveLength(201), { timeout: 45_000 });
  }, 60_000);

  it('does not render its comments again when the form’s code arrives or the reader signs in', async () => {
    const comments = Array.from({ length: 40 }, (_, i) => makeComment(`c${i}`, { author: { name: `Reader ${i}` } }));
    const reader: Session = { provider: 'google', user: { id: 'g-1', name: 'Ada' } };
    const backend = fakeBackend(comments, { getSession: () => Promise.resolve(reader) });
    // The form's code arrives when the test says, after the whole list is in.
    let arrive = (): void => undefined;
    const parts = new Promise<InteractionParts>((resolve) => {
      arrive = () => void import('../../src/ui/interaction-parts').then(resolve);
    });
    const widgetOptions = { maxDepth: 3, sort: 'oldest' as const, pageSize: 40, pageTitle: 'Small is beautiful?', pageUrl: 'https://blog.example/post' };
    render(h(App, { backend, t: createTranslator('en'), pageId: '/post', options: widgetOptions, loadInteraction: () => parts }));
    await waitFor(() => expect(articles()).toHaveLength(40), { timeout: 20_000 });
    let rendered = 0;
    const previous = options.diffed;
    options.diffed = (vnode) => {
      if (vnode.type === CommentItem) rendered += 1;
      previous?.(vnode);
    };
    try {
      fireEvent.focus(screen.getByRole('textbox', { name: 'Enter your comment here...' }));
      arrive();
      // The form asks for the session as it appears: the reader is signed in.
      await screen.findByText(/You are commenting using your Google account/);
      expect(rendered).toBe(0);
      // The comments still answer: Edit and Reply come from the parts they ask for themselves.
      fireEvent.click(screen.getByRole('button', { name: 'Reply to Reader 3' }));
      await screen.findByRole('form', { name: 'Leave a Reply to Reader 3' });
    } finally {
      options.diffed = previous;
    }
  });
});

